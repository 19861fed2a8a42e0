package dev.baton.platform.rest;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Currency;

/**
 * An ISO 4217 currency code: three upper-case letters naming a currency the JDK knows ({@link Currency}), so
 * {@code EURO}, {@code eur} and {@code ABC} are refused. Null is left to {@code @NotNull}; the empty string is
 * refused unless {@link #allowEmpty()} (a query parameter where empty means "no filter"). Every Baton-own API checks
 * money's currency with this one constraint, so all of them refuse the same codes with the same message.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IsoCurrency.Validator.class)
public @interface IsoCurrency {

    String message() default "must be an ISO 4217 currency code such as EUR";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Accept the empty string too. Default false. */
    boolean allowEmpty() default false;

    /** Checks the format first, then that the code names a real currency. */
    class Validator implements ConstraintValidator<IsoCurrency, String> {
        private boolean allowEmpty;

        @Override
        public void initialize(IsoCurrency annotation) {
            allowEmpty = annotation.allowEmpty();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || (allowEmpty && value.isEmpty())) {
                return true;
            }
            if (!value.matches("[A-Z]{3}")) {
                return false;
            }
            try {
                Currency.getInstance(value);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
