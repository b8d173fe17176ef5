package dev.cutover.config;

/** Both accounts of the migration. */
public record Accounts(LegacyAccount legacy, String newAccountId) {

    public String accountId(Side side) {
        return side == Side.LEGACY ? legacy.accountId() : newAccountId;
    }
}
