package dev.cutover.config;

import java.time.Duration;

/**
 * The legacy account and how to reach it: one cross-account role per job (each granting exactly that job's calls:
 * {@link dev.cutover.config.Permissions#forLegacyRole(Job)}), their ExternalId, the session name
 * and duration (at most 1 hour: a Lambda role assuming another role is role chaining), and when the
 * cached credentials are refreshed (prefetch: refresh on the calling thread when this close to
 * expiry; stale: must refresh, blocking, when this close).
 */
public record LegacyAccount(
        String accountId,
        String roleArn,
        String migrationRoleArn,
        String replicationRoleArn,
        String reverseReplicationRoleArn,
        String externalId,
        String sessionName,
        Duration sessionDuration,
        Duration prefetchTime,
        Duration staleTime) {

    /** Who assumes a legacy role: each job has its own, so that none holds another's grants. */
    public enum Job {
        /** The router: {@code accounts.legacy.roleArn}. */
        ROUTER,
        /** {@code migrate dynamodb|ssm}, {@code verify}: {@code accounts.legacy.migrationRoleArn}. */
        MIGRATION,
        /** {@code replicate dynamodb}: {@code accounts.legacy.replicationRoleArn}. */
        REPLICATION,
        /** {@code replicate dynamodb --reverse} (new -> legacy): {@code accounts.legacy.reverseReplicationRoleArn}. */
        REVERSE_REPLICATION
    }

    /** The role {@code job} assumes. */
    public String roleArn(Job job) {
        return switch (job) {
            case ROUTER -> roleArn;
            case MIGRATION -> migrationRoleArn;
            case REPLICATION -> replicationRoleArn;
            case REVERSE_REPLICATION -> reverseReplicationRoleArn;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this account's values: change some, {@link Builder#build()} a copy. */
    public Builder toBuilder() {
        return new Builder().accountId(accountId).roleArn(roleArn).migrationRoleArn(migrationRoleArn)
                .replicationRoleArn(replicationRoleArn).reverseReplicationRoleArn(reverseReplicationRoleArn).externalId(externalId)
                .sessionName(sessionName).sessionDuration(sessionDuration).prefetchTime(prefetchTime).staleTime(staleTime);
    }

    @Override
    public String toString() {
        // The ExternalId is not a secret, but it is not needed in logs either.
        return "LegacyAccount[accountId=" + accountId + ", roleArn=" + roleArn + ", migrationRoleArn=" + migrationRoleArn
                + ", replicationRoleArn=" + replicationRoleArn + ", reverseReplicationRoleArn=" + reverseReplicationRoleArn
                + ", sessionName=" + sessionName
                + ", sessionDuration=" + sessionDuration + "]";
    }

    /** Builds a {@link LegacyAccount}; see {@link LegacyAccount#toBuilder()}. */
    public static final class Builder {
        private String accountId;
        private String roleArn;
        private String migrationRoleArn;
        private String replicationRoleArn;
        private String reverseReplicationRoleArn;
        private String externalId;
        private String sessionName;
        private Duration sessionDuration;
        private Duration prefetchTime;
        private Duration staleTime;

        private Builder() {
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        /** The migration jobs' role; unset (null): the router's {@link #roleArn}, one role for both as before the split. */
        public Builder migrationRoleArn(String migrationRoleArn) {
            this.migrationRoleArn = migrationRoleArn;
            return this;
        }

        /** The replicator's role; unset (null): the migration jobs' role. */
        public Builder replicationRoleArn(String replicationRoleArn) {
            this.replicationRoleArn = replicationRoleArn;
            return this;
        }

        /**
         * The reverse replicator's role ({@code replicate dynamodb --reverse}, writing the legacy tables); unset (null): the
         * replicator's role, as before the reverse job had its own.
         */
        public Builder reverseReplicationRoleArn(String reverseReplicationRoleArn) {
            this.reverseReplicationRoleArn = reverseReplicationRoleArn;
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        public Builder sessionName(String sessionName) {
            this.sessionName = sessionName;
            return this;
        }

        public Builder sessionDuration(Duration sessionDuration) {
            this.sessionDuration = sessionDuration;
            return this;
        }

        public Builder prefetchTime(Duration prefetchTime) {
            this.prefetchTime = prefetchTime;
            return this;
        }

        public Builder staleTime(Duration staleTime) {
            this.staleTime = staleTime;
            return this;
        }

        public LegacyAccount build() {
            String migration = migrationRoleArn == null ? roleArn : migrationRoleArn;
            String replication = replicationRoleArn == null ? migration : replicationRoleArn;
            String reverse = reverseReplicationRoleArn == null ? replication : reverseReplicationRoleArn;
            return new LegacyAccount(accountId, roleArn, migration, replication, reverse, externalId, sessionName, sessionDuration,
                    prefetchTime, staleTime);
        }
    }
}
