package dev.cutover.sandbox.internal.appconfig;

import java.util.Objects;

/** One immutable version of a hosted configuration. {@code content} is never exposed to callers of this record for writing. */
record HostedConfigurationVersion(String applicationId, String configurationProfileId, int versionNumber, String description,
        String contentType, String versionLabel, byte[] content) {

    HostedConfigurationVersion {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(configurationProfileId, "configurationProfileId");
        Objects.requireNonNull(contentType, "contentType");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostedConfigurationVersion v && v.applicationId.equals(applicationId)
                && v.configurationProfileId.equals(configurationProfileId) && v.versionNumber == versionNumber;
    }

    @Override
    public int hashCode() {
        return Objects.hash(applicationId, configurationProfileId, versionNumber);
    }

    @Override
    public String toString() {
        return "HostedConfigurationVersion[" + applicationId + "/" + configurationProfileId + "/" + versionNumber + "]";
    }
}
