package dev.baton.engine.repository;

import static dev.baton.engine.repository.Sql.ts;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every statement on {@code signing_key}, named {@code SigningKey<Verb>}. */
public final class SigningKeyQueries {

    /**
     * Stores a key only if none exists; instances starting together serialise on the advisory lock, so exactly one
     * key is stored and all of them read it back.
     */
    static final String SigningKeyInsertIfNone = """
            WITH lock AS (SELECT pg_advisory_xact_lock(hashtext('signing_key')))
            INSERT INTO signing_key (kid, private_pkcs8, public_x509, create_time)
            SELECT $1, $2, $3, $4 FROM lock WHERE NOT EXISTS (SELECT 1 FROM signing_key)""";

    /** Newest first: the first is the signing key; all are published. */
    static final String SigningKeyList = """
            SELECT kid, private_pkcs8, public_x509 FROM signing_key ORDER BY create_time DESC, kid""";

    private SigningKeyQueries() {
    }

    /**
     * A stored key pair.
     *
     * @param privatePkcs8 PKCS#8 DER
     * @param publicX509   X.509 SubjectPublicKeyInfo DER
     */
    public record StoredKey(String kid, byte[] privatePkcs8, byte[] publicX509) {
    }

    public static Future<Void> insertIfNone(SqlClient c, StoredKey key, Instant now) {
        return c.preparedQuery(SigningKeyInsertIfNone).execute(Tuple.of(key.kid(), Buffer.buffer(key.privatePkcs8()),
                Buffer.buffer(key.publicX509()), ts(now))).mapEmpty();
    }

    public static Future<List<StoredKey>> list(SqlClient c) {
        return c.preparedQuery(SigningKeyList).execute().map(rows -> {
            List<StoredKey> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new StoredKey(r.getString("kid"), r.getBuffer("private_pkcs8").getBytes(),
                        r.getBuffer("public_x509").getBytes()));
            }
            return out;
        });
    }
}
