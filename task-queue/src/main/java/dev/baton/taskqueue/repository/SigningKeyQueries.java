package dev.baton.taskqueue.repository;

import static dev.baton.taskqueue.repository.Sql.ts;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every statement on the {@code signing_key} table, named {@code SigningKey<Verb>}. */
public final class SigningKeyQueries {

    /**
     * Stores a freshly generated key only if no key exists yet; instances starting together race here and all end
     * up using the first one stored. The advisory lock makes the check and insert atomic.
     */
    static final String SigningKeyInsertIfNone = """
            WITH lock AS (SELECT pg_advisory_xact_lock(7340261))
            INSERT INTO signing_key (kid, private_pkcs8, public_x509, create_time)
            SELECT $1, $2, $3, $4 FROM lock WHERE NOT EXISTS (SELECT 1 FROM signing_key)""";

    /** Newest first: the first row is the key to sign with; all of them are published. */
    static final String SigningKeyList = """
            SELECT kid, private_pkcs8, public_x509 FROM signing_key ORDER BY create_time DESC, kid""";

    private SigningKeyQueries() {
    }

    /**
     * A stored key pair.
     *
     * @param kid key id
     * @param privatePkcs8 private key, PKCS#8 DER
     * @param publicX509 public key, X.509 SubjectPublicKeyInfo DER
     */
    public record StoredKey(String kid, byte[] privatePkcs8, byte[] publicX509) {
    }

    public static Future<Void> insertIfNone(SqlClient db, StoredKey key, Instant now) {
        return db.preparedQuery(SigningKeyInsertIfNone)
                .execute(Tuple.of(key.kid(), Buffer.buffer(key.privatePkcs8()), Buffer.buffer(key.publicX509()), ts(now)))
                .mapEmpty();
    }

    public static Future<List<StoredKey>> list(SqlClient db) {
        return db.query(SigningKeyList).execute().map(rows -> {
            var out = new ArrayList<StoredKey>();
            for (Row r : rows) {
                out.add(new StoredKey(r.getString("kid"), r.getBuffer("private_pkcs8").getBytes(),
                        r.getBuffer("public_x509").getBytes()));
            }
            return out;
        });
    }
}
