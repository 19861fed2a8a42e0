package dev.baton.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the ledger posts the saga's entries ({@code baton.ledger.*}). */
@ConfigMapping(prefix = "baton.ledger")
public interface LedgerConfig {

    /** The accounts of a sale entry. */
    Sale sale();

    /**
     * A sale is one debit and one credit of the payment's amount. Both accounts must exist in the chart (table
     * {@code account}, seeded by the migrations); the service refuses to start otherwise. Changing them applies to
     * sales posted afterwards; a reversal always swaps the lines of its own sale, whatever the configuration is now.
     */
    interface Sale {

        /**
         * Debited with the amount: what the payment gateway owes for the captured payment. Default
         * {@code receivable:gateway}.
         */
        @WithDefault("receivable:gateway")
        String debitAccount();

        /** Credited with the amount: the revenue the sale earned. Default {@code revenue:sales}. */
        @WithDefault("revenue:sales")
        String creditAccount();
    }
}
