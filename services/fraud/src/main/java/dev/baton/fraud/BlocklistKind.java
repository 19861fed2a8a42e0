package dev.baton.fraud;

import java.util.Locale;
import java.util.Set;

/**
 * What a block-list entry matches, mirrored by {@code fraud_blocklist_entry_kind_check}. Each kind says how its
 * values are normalised before they are stored or compared, so "KP" and "kp" are one entry.
 */
public enum BlocklistKind {

    /** A customer id, exactly. */
    CUSTOMER,
    /** A payment method token, exactly. */
    TOKEN,
    /** An e-mail domain, lower-case; it also blocks its subdomains ({@code mailinator.com} blocks {@code x.mailinator.com}). */
    EMAIL_DOMAIN,
    /** An ISO 3166-1 alpha-2 country, upper-case; matches the billing or the IP country. */
    COUNTRY;

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** The stored form of {@code value}. */
    public String normalise(String value) {
        String v = value.strip();
        return switch (this) {
            case CUSTOMER, TOKEN -> v;
            case EMAIL_DOMAIN -> v.toLowerCase(Locale.ROOT);
            case COUNTRY -> v.toUpperCase(Locale.ROOT);
        };
    }

    /** Why {@code normalised} cannot be an entry of this kind, or null when it can. */
    public String problemWith(String normalised) {
        return switch (this) {
            case CUSTOMER -> normalised.isEmpty() ? "must not be blank" : null;
            case TOKEN -> normalised.matches("tok_[A-Za-z0-9_]+") ? null : "must be a payment method token (tok_...)";
            case EMAIL_DOMAIN -> normalised.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+") ? null
                    : "must be a domain such as example.com";
            case COUNTRY -> COUNTRIES.contains(normalised) ? null
                    : "must be an ISO 3166-1 alpha-2 country code such as DE";
        };
    }

    /** Whether {@code country} is an ISO 3166-1 alpha-2 code the JDK knows. */
    public static boolean isCountry(String country) {
        return COUNTRIES.contains(country);
    }
}
