package dev.cutover.migrations.ssm.internal;

import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.internal.AwsErrors;
import dev.cutover.migrations.internal.CallMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Reads a whole parameter tree with everything a copy must preserve: values (GetParametersByPath,
 * recursive, decrypted, 10 per call), metadata (DescribeParameters with a recursive Path filter:
 * description, tier, allowed pattern, data type, KMS key) and tags (ListTagsForResource).
 */
public final class ParameterReader {
    private ParameterReader() {
    }

    /** Parameter name to parameter, sorted by name. {@code side} ("source"/"target") is for messages. */
    public static Map<String, Parameter> read(SsmClient client, String path, CallMetrics metrics, String side) {
        Map<String, software.amazon.awssdk.services.ssm.model.Parameter> values = new HashMap<>();
        Map<String, ParameterMetadata> metadata = new HashMap<>();
        try {
            GetParametersByPathRequest request = GetParametersByPathRequest.builder().path(path).recursive(true).withDecryption(true)
                    .maxResults(10).overrideConfiguration(metrics.override()).build();
            client.getParametersByPathPaginator(request).forEach(page -> page.parameters().forEach(p -> values.put(p.name(), p)));
        } catch (SdkException e) {
            throw failure(e, side, "ssm:GetParametersByPath (and kms:Decrypt)", path);
        }
        try {
            DescribeParametersRequest request = DescribeParametersRequest.builder()
                    .parameterFilters(ParameterStringFilter.builder().key("Path").option("Recursive").values(path).build())
                    .maxResults(50).overrideConfiguration(metrics.override()).build();
            client.describeParametersPaginator(request).forEach(page -> page.parameters().forEach(m -> metadata.put(m.name(), m)));
        } catch (SdkException e) {
            throw failure(e, side, "ssm:DescribeParameters", path);
        }
        Map<String, Parameter> out = new TreeMap<>();
        for (software.amazon.awssdk.services.ssm.model.Parameter p : values.values()) {
            ParameterMetadata m = metadata.get(p.name());
            Map<String, String> tags = new HashMap<>();
            try {
                for (Tag t : client.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(p.name())
                        .overrideConfiguration(metrics.override())).tagList()) {
                    tags.put(t.key(), t.value());
                }
            } catch (SdkException e) {
                throw failure(e, side, "ssm:ListTagsForResource", p.name());
            }
            out.put(p.name(), new Parameter(p.name(), p.typeAsString(), p.value(),
                    m == null ? null : m.description(), m == null ? null : m.tierAsString(), m == null ? null : m.allowedPattern(),
                    p.dataType(), m == null ? null : m.keyId(), tags));
        }
        return out;
    }

    private static PreflightException failure(SdkException e, String side, String action, String resource) {
        String account = "source".equals(side) ? "legacy account (through the cross-account role)" : "new account";
        if (AwsErrors.assumeRoleFailure(e).isPresent()) {
            return new PreflightException("cannot assume the legacy account's cross-account role ("
                    + AwsErrors.describe(AwsErrors.assumeRoleFailure(e).get())
                            + "). Check the role ARN and ExternalId. Nothing was written.", e);
        }
        if (AwsErrors.isAccessDenied(e)) {
            return new PreflightException("the " + account + " may not " + action + " on " + resource + " (" + AwsErrors.code(e)
                    + "). Grant what Permissions.forMigration" + ("source".equals(side) ? "Source" : "Target")
                    + "() lists for this parameter tree. Nothing was written.", e);
        }
        return new PreflightException(action + " on " + side + " " + resource + " failed (" + AwsErrors.code(e)
                + "). Check the endpoint, region and credentials. Nothing was written.", e);
    }
}
