package dev.baton.ledger.repository;

import dev.baton.ledger.Account;
import dev.baton.ledger.AccountType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The chart of accounts (read-only: the migrations seed it). */
@ApplicationScoped
public class AccountRepository {

    private final Pool pool;

    public AccountRepository(Pool pool) {
        this.pool = pool;
    }

    /** Every account, by code. */
    public Uni<List<Account>> list() {
        return pool.query(AccountQueries.ACCOUNT_LIST).execute().map(rows -> {
            var accounts = new ArrayList<Account>();
            rows.forEach(r -> accounts.add(new Account(r.getString("code"), r.getString("name"),
                    AccountType.valueOf(r.getString("type")))));
            return accounts;
        });
    }
}
