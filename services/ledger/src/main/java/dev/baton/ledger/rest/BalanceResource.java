package dev.baton.ledger.rest;

import dev.baton.ledger.Account;
import dev.baton.ledger.AccountBalance;
import dev.baton.ledger.service.LedgerService;
import dev.baton.platform.rest.IsoCurrency;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read side of the journal: the chart, balances per account, and the invariant check. */
@Path("/v1")
@Tag(name = "balances", description = "Chart of accounts, balances and the journal's invariants")
@Produces(MediaType.APPLICATION_JSON)
public class BalanceResource {

    private final LedgerService ledger;

    public BalanceResource(LedgerService ledger) {
        this.ledger = ledger;
    }

    @GET
    @Path("accounts")
    @Operation(summary = "The chart of accounts")
    public Uni<List<Account>> accounts() {
        return ledger.accounts();
    }

    @GET
    @Path("balances")
    @Operation(summary = "Debits, credits and balance per account and currency",
            description = "balanceMinor is on the account's normal side (assets and expenses: debits minus credits; "
                    + "the others: credits minus debits). Accounts without lines in a currency are left out.")
    public Uni<List<AccountBalance>> balances(
            @QueryParam("currency") @IsoCurrency(allowEmpty = true) String currency) {
        // An empty ?currency= is no filter.
        return ledger.balances(currency == null || currency.isEmpty() ? null : currency);
    }

    @GET
    @Path("invariants")
    @Operation(summary = "Whether the journal balances",
            description = "balanced is true when every entry's lines sum to zero per currency and debits equal "
                    + "credits per currency across all accounts; imbalances lists every entry (scope ENTRY) and "
                    + "currency (scope TOTAL) that does not, with debits minus credits as netMinor.")
    public Uni<LedgerService.Invariants> invariants() {
        return ledger.invariants();
    }
}
