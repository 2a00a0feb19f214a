package io.billing.ledger.command.customer;

/** The shape an email address must have: Bean Validation's @Email alone accepts "a@b". */
final class CustomerEmail {

    static final String PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

    private CustomerEmail() {
    }
}
