package dev.baton.fraud.repository;

import dev.baton.fraud.BlocklistEntry;
import dev.baton.fraud.BlocklistKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Persistence of block-list entries. */
@ApplicationScoped
public class BlocklistRepository {

    private final Pool pool;

    public BlocklistRepository(Pool pool) {
        this.pool = pool;
    }

    /** @return the new entry, or empty when (kind, value) is listed already */
    public Uni<Optional<BlocklistEntry>> insert(BlocklistKind kind, String value, String reason, String source,
            OffsetDateTime now) {
        return pool.preparedQuery(BlocklistQueries.BlocklistInsert)
                .execute(Tuple.tuple().addString(kind.name()).addString(value).addString(reason).addString(source)
                        .addOffsetDateTime(now))
                .map(this::first);
    }

    public Uni<Optional<BlocklistEntry>> find(BlocklistKind kind, String value) {
        return pool.preparedQuery(BlocklistQueries.BlocklistFind).execute(Tuple.of(kind.name(), value))
                .map(this::first);
    }

    /** Every entry of {@code kind}, or of every kind when null. */
    public Uni<List<BlocklistEntry>> list(BlocklistKind kind) {
        return pool.preparedQuery(BlocklistQueries.BlocklistList)
                .execute(Tuple.tuple().addString(kind == null ? null : kind.name())).map(this::all);
    }

    /** @return whether an entry was removed */
    public Uni<Boolean> delete(BlocklistKind kind, String value) {
        return pool.preparedQuery(BlocklistQueries.BlocklistDelete).execute(Tuple.of(kind.name(), value))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The entries an assessment matches; {@code emailDomains} and {@code countries} already normalised. */
    public Uni<List<BlocklistEntry>> matching(SqlClient client, String customerId, String token,
            List<String> emailDomains, List<String> countries) {
        return client.preparedQuery(BlocklistQueries.BlocklistMatch)
                .execute(Tuple.tuple().addString(customerId).addString(token)
                        .addArrayOfString(emailDomains.toArray(String[]::new))
                        .addArrayOfString(countries.toArray(String[]::new)))
                .map(this::all);
    }

    private Optional<BlocklistEntry> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(toEntry(rows.iterator().next()));
    }

    private List<BlocklistEntry> all(RowSet<Row> rows) {
        var out = new ArrayList<BlocklistEntry>(rows.size());
        rows.forEach(r -> out.add(toEntry(r)));
        return out;
    }

    private static BlocklistEntry toEntry(Row r) {
        return new BlocklistEntry(BlocklistKind.valueOf(r.getString("kind")), r.getString("value"),
                r.getString("reason"), r.getString("source"), r.getOffsetDateTime("created_at"));
    }
}
