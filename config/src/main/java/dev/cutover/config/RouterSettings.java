package dev.cutover.config;

import java.time.Duration;

/**
 * Router behaviour that is not per operation.
 *
 * @param maxBodyBytes requests with a larger body are refused with 413
 * @param secondaryTimeout how long a shadow read or dual write may take before it is abandoned
 * @param backendTimeout how long one backend call (all SDK attempts together) may take
 * @param defaultSide where operations go before the first flags fetch succeeds
 */
public record RouterSettings(int maxBodyBytes, Duration secondaryTimeout, Duration backendTimeout, Side defaultSide) {
    public static RouterSettings defaults() {
        return new RouterSettings(64 * 1024, Duration.ofMillis(500), Duration.ofSeconds(5), Side.LEGACY);
    }

    /** A builder holding these settings: change some, {@link Builder#build()} a copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link RouterSettings}; see {@link RouterSettings#toBuilder()}. */
    public static final class Builder {
        private int maxBodyBytes;
        private Duration secondaryTimeout;
        private Duration backendTimeout;
        private Side defaultSide;

        private Builder(RouterSettings from) {
            maxBodyBytes = from.maxBodyBytes;
            secondaryTimeout = from.secondaryTimeout;
            backendTimeout = from.backendTimeout;
            defaultSide = from.defaultSide;
        }

        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder secondaryTimeout(Duration secondaryTimeout) {
            this.secondaryTimeout = secondaryTimeout;
            return this;
        }

        public Builder backendTimeout(Duration backendTimeout) {
            this.backendTimeout = backendTimeout;
            return this;
        }

        public Builder defaultSide(Side defaultSide) {
            this.defaultSide = defaultSide;
            return this;
        }

        public RouterSettings build() {
            return new RouterSettings(maxBodyBytes, secondaryTimeout, backendTimeout, defaultSide);
        }
    }
}
