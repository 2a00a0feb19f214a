package io.billing.ledger.cli;

public final class BillingCli {
    public static void main(String[] args) {
    }
}
