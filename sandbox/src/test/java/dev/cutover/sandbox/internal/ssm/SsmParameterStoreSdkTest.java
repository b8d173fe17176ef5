package dev.cutover.sandbox.internal.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DeleteParametersResponse;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.HierarchyLevelLimitExceededException;
import software.amazon.awssdk.services.ssm.model.InvalidAllowedPatternException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidKeyIdException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterPatternMismatchException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.PutParameterResponse;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.ssm.model.ThrottlingException;
import software.amazon.awssdk.services.ssm.model.TooManyTagsErrorException;
import software.amazon.awssdk.services.ssm.model.UnsupportedParameterTypeException;
import software.amazon.awssdk.services.ssm.model.ValidationException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Parameter Store through the edge, with the real SDK v2 SsmClient over HTTP. Every test uses its own path. */
class SsmParameterStoreSdkTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static String unique() {
        return "/t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static AwsCredentialsProvider root(Sandbox sandbox, String accountId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accountId, sandbox.rootSecretKey(accountId)));
    }

    private static SsmClient ssm(Sandbox sandbox, AwsCredentialsProvider credentials) {
        return SsmClient.builder()
                .endpointOverride(sandbox.endpoint())
                .region(Region.of(sandbox.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static SsmClient legacy(Sandbox sandbox) {
        return ssm(sandbox, root(sandbox, sandbox.legacyAccountId()));
    }

    private static String parameterArn(Sandbox sandbox, String name) {
        return "arn:aws:ssm:" + sandbox.region() + ":" + sandbox.legacyAccountId() + ":parameter" + name;
    }

    @Test
    void putParameter_thenGetParameter_returnsValueVersionArnAndDate(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String name = unique() + "/app/url";
        Instant before = Instant.now().minusSeconds(5);

        PutParameterResponse put = ssm.putParameter(r -> r.name(name).value("https://legacy").type(ParameterType.STRING));
        Parameter p = ssm.getParameter(r -> r.name(name)).parameter();

        assertThat(put.version()).isEqualTo(1);
        assertThat(put.tier()).isEqualTo(ParameterTier.STANDARD);
        assertThat(p.name()).isEqualTo(name);
        assertThat(p.value()).isEqualTo("https://legacy");
        assertThat(p.type()).isEqualTo(ParameterType.STRING);
        assertThat(p.version()).isEqualTo(1);
        assertThat(p.arn()).isEqualTo(parameterArn(sandbox, name));
        assertThat(p.dataType()).isEqualTo("text");
        assertThat(p.lastModifiedDate()).isAfter(before).isBefore(Instant.now().plusSeconds(5));
        assertThat(p.selector()).isNull();
        assertThat(p.sourceResult()).isNull();
    }

    @Test
    void putParameter_existingName_needsOverwriteAndThenIncrementsVersion(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String name = unique() + "/v";
        ssm.putParameter(r -> r.name(name).value("1").type(ParameterType.STRING));

        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(name).value("2").type(ParameterType.STRING)))
                .isInstanceOf(ParameterAlreadyExistsException.class);
        assertThat(ssm.putParameter(r -> r.name(name).value("2").overwrite(true)).version()).isEqualTo(2);
        assertThat(ssm.getParameter(r -> r.name(name)).parameter().value()).isEqualTo("2");

        Parameter first = ssm.getParameter(r -> r.name(name + ":1")).parameter();
        assertThat(first.value()).isEqualTo("1");
        assertThat(first.selector()).isEqualTo(":1");
        assertThatThrownBy(() -> ssm.getParameter(r -> r.name(name + ":7"))).isInstanceOf(ParameterVersionNotFoundException.class);
        assertThatThrownBy(() -> ssm.getParameter(r -> r.name(name + "/missing"))).isInstanceOf(ParameterNotFoundException.class);
    }

    @Test
    void secureString_withoutDecryptionIsCiphertextAndWithDecryptionPlaintext(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String name = unique() + "/db/password";
        ssm.putParameter(r -> r.name(name).value("hunter2").type(ParameterType.SECURE_STRING));

        String sealed = ssm.getParameter(r -> r.name(name)).parameter().value();
        String byPath = ssm.getParametersByPath(r -> r.path(name.substring(0, name.lastIndexOf('/')))).parameters().get(0).value();
        String batch = ssm.getParameters(r -> r.names(name)).parameters().get(0).value();

        assertThat(List.of(sealed, byPath, batch)).allSatisfy(v -> assertThat(v).isNotEqualTo("hunter2").doesNotContain("hunter2")
                .isBase64());
        assertThat(ssm.getParameter(r -> r.name(name).withDecryption(true)).parameter().value()).isEqualTo("hunter2");
        assertThat(ssm.getParametersByPath(r -> r.path(name.substring(0, name.lastIndexOf('/'))).withDecryption(true)).parameters())
                .extracting(Parameter::value).containsExactly("hunter2");
        ParameterMetadata meta = ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Name").values(name))).parameters().get(0);
        assertThat(meta.keyId()).isEqualTo("alias/aws/ssm");
        assertThat(meta.type()).isEqualTo(ParameterType.SECURE_STRING);
    }

    @Test
    void secureString_withCustomerKeyOrKeyArn_decryptsAndUnknownKeyIsInvalidKeyId(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique();
        String keyArn = SandboxKmsKeys.keyArn(sandbox.region(), sandbox.legacyAccountId(), "alias/cutover");
        ssm.putParameter(r -> r.name(base + "/a").value("one").type(ParameterType.SECURE_STRING).keyId("alias/cutover"));
        ssm.putParameter(r -> r.name(base + "/b").value("two").type(ParameterType.SECURE_STRING).keyId(keyArn));

        GetParametersResponse both = ssm.getParameters(r -> r.names(base + "/a", base + "/b").withDecryption(true));
        assertThat(both.parameters()).extracting(Parameter::value).containsExactlyInAnyOrder("one", "two");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/c").value("x").type(ParameterType.SECURE_STRING)
                .keyId("alias/does-not-exist"))).isInstanceOf(InvalidKeyIdException.class).hasMessageContaining("alias/does-not-exist");
    }

    @Test
    void getParameters_reportsUnknownNamesAndRefusesMoreThanTen(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique();
        ssm.putParameter(r -> r.name(base + "/a").value("1").type(ParameterType.STRING));

        GetParametersResponse response = ssm.getParameters(r -> r.names(base + "/a", base + "/missing"));
        assertThat(response.parameters()).extracting(Parameter::name).containsExactly(base + "/a");
        assertThat(response.invalidParameters()).containsExactly(base + "/missing");

        List<String> eleven = IntStream.range(0, 11).mapToObj(i -> base + "/p" + i).toList();
        assertThatThrownBy(() -> ssm.getParameters(r -> r.names(eleven))).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((SsmException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void getParametersByPath_pagesThirtySevenParametersTenAtATime(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique() + "/legacy/app";
        for (int i = 0; i < 30; i++) {
            String name = String.format("%s/p%02d", base, i);
            ssm.putParameter(r -> r.name(name).value("v").type(ParameterType.STRING));
        }
        for (int i = 0; i < 7; i++) {
            String name = String.format("%s/nested/n%02d", base, i);
            ssm.putParameter(r -> r.name(name).value("v").type(ParameterType.STRING));
        }

        List<Integer> pageSizes = new ArrayList<>();
        List<String> recursive = new ArrayList<>();
        for (GetParametersByPathResponse page : ssm.getParametersByPathPaginator(r -> r.path(base).recursive(true).maxResults(10))) {
            pageSizes.add(page.parameters().size());
            page.parameters().forEach(p -> recursive.add(p.name()));
        }
        List<String> direct = ssm.getParametersByPathPaginator(r -> r.path(base + "/").maxResults(10)).stream()
                .flatMap(page -> page.parameters().stream()).map(Parameter::name).toList();

        assertThat(pageSizes).containsExactly(10, 10, 10, 7);
        assertThat(recursive).hasSize(37).doesNotHaveDuplicates().isSorted();
        assertThat(direct).hasSize(30).noneMatch(n -> n.contains("/nested/"));
        assertThat(ssm.getParametersByPath(r -> r.path(base + "/nested")).parameters()).hasSize(7);
    }

    @Test
    void getParametersByPath_badPagingInputs_mapToTheirExceptions(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique();
        for (int i = 0; i < 3; i++) {
            String name = base + "/p" + i;
            ssm.putParameter(r -> r.name(name).value("v").type(ParameterType.STRING));
        }
        String token = ssm.getParametersByPath(r -> r.path(base).maxResults(1)).nextToken();

        assertThat(token).isNotBlank();
        assertThat(ssm.getParametersByPath(r -> r.path(base).maxResults(1).nextToken(token)).parameters())
                .extracting(Parameter::name).containsExactly(base + "/p1");
        assertThatThrownBy(() -> ssm.getParametersByPath(r -> r.path(base).maxResults(11))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ssm.getParametersByPath(r -> r.path(base).nextToken("forged")))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThatThrownBy(() -> ssm.getParametersByPath(r -> r.path(base + "/other").nextToken(token)))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThatThrownBy(() -> ssm.getParametersByPath(r -> r.path(base).parameterFilters(f -> f.key("Name").values("x"))))
                .isInstanceOf(InvalidFilterKeyException.class);
    }

    @Test
    void getParametersByPath_typeFilter_returnsOnlyThatType(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique();
        ssm.putParameter(r -> r.name(base + "/plain").value("v").type(ParameterType.STRING));
        ssm.putParameter(r -> r.name(base + "/secret").value("v").type(ParameterType.SECURE_STRING));

        ParameterStringFilter secure = ParameterStringFilter.builder().key("Type").option("Equals").values("SecureString").build();
        assertThat(ssm.getParametersByPath(r -> r.path(base).parameterFilters(secure)).parameters())
                .extracting(Parameter::name).containsExactly(base + "/secret");
    }

    @Test
    void describeParameters_pagesAndFiltersAndReturnsMetadata(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique();
        for (int i = 0; i < 12; i++) {
            String name = String.format("%s/p%02d", base, i);
            ssm.putParameter(r -> r.name(name).value("42").type(ParameterType.STRING).description("number " + name)
                    .allowedPattern("^\\d+$"));
        }

        List<ParameterMetadata> all = new ArrayList<>();
        int pages = 0;
        for (DescribeParametersResponse page : ssm.describeParametersPaginator(r -> r.maxResults(5)
                .parameterFilters(f -> f.key("Path").option("Recursive").values(base)))) {
            all.addAll(page.parameters());
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(12);
        ParameterMetadata first = all.get(0);
        assertThat(first.name()).isEqualTo(base + "/p00");
        assertThat(first.description()).isEqualTo("number " + base + "/p00");
        assertThat(first.allowedPattern()).isEqualTo("^\\d+$");
        assertThat(first.tier()).isEqualTo(ParameterTier.STANDARD);
        assertThat(first.dataType()).isEqualTo("text");
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.lastModifiedUser()).isEqualTo("arn:aws:iam::" + sandbox.legacyAccountId() + ":root");
        assertThat(first.lastModifiedDate()).isNotNull();
        assertThat(first.policies()).isEmpty();
        assertThat(first.keyId()).isNull();
        assertThat(ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Name").option("BeginsWith").values(base + "/p1")))
                .parameters()).hasSize(2);
        assertThatThrownBy(() -> ssm.describeParameters(r -> r.maxResults(51))).isInstanceOf(ValidationException.class);
    }

    @Test
    void deleteParameter_andDeleteParameters_removeAndReportMissing(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique();
        for (String n : List.of("/a", "/b", "/c")) {
            ssm.putParameter(r -> r.name(base + n).value("v").type(ParameterType.STRING));
        }

        ssm.deleteParameter(r -> r.name(base + "/a"));
        DeleteParametersResponse many = ssm.deleteParameters(r -> r.names(base + "/b", base + "/c", base + "/zzz"));

        assertThatThrownBy(() -> ssm.getParameter(r -> r.name(base + "/a"))).isInstanceOf(ParameterNotFoundException.class);
        assertThatThrownBy(() -> ssm.deleteParameter(r -> r.name(base + "/a"))).isInstanceOf(ParameterNotFoundException.class);
        assertThat(many.deletedParameters()).containsExactly(base + "/b", base + "/c");
        assertThat(many.invalidParameters()).containsExactly(base + "/zzz");
        assertThat(ssm.getParametersByPath(r -> r.path(base)).parameters()).isEmpty();
    }

    @Test
    void tags_addListRemoveAndTheirErrors(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String name = unique() + "/tagged";
        ssm.putParameter(r -> r.name(name).value("v").type(ParameterType.STRING).tags(Tag.builder().key("team").value("shop").build()));

        ssm.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)
                .tags(Tag.builder().key("env").value("legacy").build()));
        ssm.removeTagsFromResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name).tagKeys("team"));

        assertThat(ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)).tagList())
                .containsExactly(Tag.builder().key("env").value("legacy").build());
        List<Tag> fifty = IntStream.range(0, 50).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertThatThrownBy(() -> ssm.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)
                .tags(fifty))).isInstanceOf(TooManyTagsErrorException.class);
        assertThatThrownBy(() -> ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER)
                .resourceId(name + "-missing"))).isInstanceOf(InvalidResourceIdException.class);
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(name).value("w").overwrite(true)
                .tags(Tag.builder().key("a").value("b").build()))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("tags and overwrite can't be used together");
    }

    @Test
    void tiers_sizeLimitsIntelligentTieringAndNoDowngrade(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique();
        String big = "x".repeat(5000);

        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/big").value(big).type(ParameterType.STRING)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Standard tier parameters support a maximum parameter value of 4096 characters");
        assertThat(ssm.putParameter(r -> r.name(base + "/big").value(big).type(ParameterType.SECURE_STRING)
                .tier(ParameterTier.INTELLIGENT_TIERING)).tier()).isEqualTo(ParameterTier.ADVANCED);
        assertThat(ssm.getParameter(r -> r.name(base + "/big").withDecryption(true)).parameter().value()).isEqualTo(big);
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/big").value("small").overwrite(true)
                .tier(ParameterTier.STANDARD))).isInstanceOf(ValidationException.class).hasMessageContaining("downgrade");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/huge").value("y".repeat(8193)).type(ParameterType.STRING)
                .tier(ParameterTier.ADVANCED))).isInstanceOf(ValidationException.class);
        ParameterMetadata meta = ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Name").values(base + "/big")))
                .parameters().get(0);
        assertThat(meta.tier()).isEqualTo(ParameterTier.ADVANCED);
    }

    @Test
    void putParameter_invalidInputs_mapToTheModelledExceptions(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        String base = unique();

        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/x".repeat(15)).value("v").type(ParameterType.STRING)))
                .isInstanceOf(HierarchyLevelLimitExceededException.class);
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/n").value("letters-secret").type(ParameterType.SECURE_STRING)
                .allowedPattern("^\\d+$"))).isInstanceOf(ParameterPatternMismatchException.class)
                .hasMessageNotContaining("letters-secret");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/n").value("1").type(ParameterType.STRING).allowedPattern("([")))
                .isInstanceOf(InvalidAllowedPatternException.class);
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/ami").value("ami-0123456789abcdef0")
                .type(ParameterType.STRING_LIST).dataType("aws:ec2:image"))).isInstanceOf(UnsupportedParameterTypeException.class);
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name("/aws/mine").value("v").type(ParameterType.STRING)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("can't be prefixed with");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name("relative/name").value("v").type(ParameterType.STRING)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("fully qualified");
        assertThatThrownBy(() -> ssm.putParameter(r -> r.name(base + "/new").value("v")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("type is required");
        assertThat(ssm.putParameter(r -> r.name(base + "/ami").value("ami-0123456789abcdef0").type(ParameterType.STRING)
                .dataType("aws:ec2:image")).version()).isEqualTo(1);
    }

    @Test
    void accounts_areIsolated(Sandbox sandbox) {
        SsmClient legacy = legacy(sandbox);
        SsmClient next = ssm(sandbox, root(sandbox, sandbox.newAccountId()));
        String name = unique() + "/shared-name";

        legacy.putParameter(r -> r.name(name).value("legacy-value").type(ParameterType.SECURE_STRING));

        assertThatThrownBy(() -> next.getParameter(r -> r.name(name))).isInstanceOf(ParameterNotFoundException.class);
        next.putParameter(r -> r.name(name).value("new-value").type(ParameterType.STRING));
        assertThat(next.getParameter(r -> r.name(name)).parameter().arn()).contains(":" + sandbox.newAccountId() + ":");
        assertThat(legacy.getParameter(r -> r.name(name).withDecryption(true)).parameter().value()).isEqualTo("legacy-value");
    }

    @Test
    void role_allowedGetParameterButNotKmsDecrypt_isDeniedOnlyWhenDecrypting(Sandbox sandbox) {
        String account = sandbox.legacyAccountId();
        String base = unique();
        String name = base + "/db/password";
        legacy(sandbox).putParameter(r -> r.name(name).value("hunter2").type(ParameterType.SECURE_STRING));
        String allowGet = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:GetParameter\","
                + "\"Resource\":\"" + parameterArn(sandbox, name) + "\"}]}";
        sandbox.iam().putRole(IamRole.builder().accountId(account).name("ssm-reader" + base.substring(2)).trustAccount(account)
                .inlinePolicy("get", allowGet).build());
        SsmClient reader = ssm(sandbox, assume(sandbox, account, "ssm-reader" + base.substring(2)));

        assertThat(reader.getParameter(r -> r.name(name)).parameter().value()).isNotEqualTo("hunter2");
        assertThatThrownBy(() -> reader.getParameter(r -> r.name(name).withDecryption(true)))
                .isInstanceOf(SsmException.class)
                .satisfies(e -> assertThat(((SsmException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"))
                .hasMessageContaining("kms:Decrypt")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> reader.getParameter(r -> r.name(base + "/other"))).isInstanceOf(SsmException.class)
                .satisfies(e -> assertThat(((SsmException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }

    @Test
    void role_allowedKmsDecryptViaSsmOnTheDefaultKeyArn_readsThePlaintext(Sandbox sandbox) {
        String account = sandbox.legacyAccountId();
        String base = unique();
        String name = base + "/db/password";
        legacy(sandbox).putParameter(r -> r.name(name).value("hunter2").type(ParameterType.SECURE_STRING));
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":[\"ssm:GetParameter\",\"ssm:GetParametersByPath\"],\"Resource\":[\""
                + parameterArn(sandbox, base) + "/*\",\"" + parameterArn(sandbox, base) + "/db\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\""
                + SandboxKmsKeys.defaultSsmKeyArn(sandbox.region(), account) + "\","
                + "\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"ssm." + sandbox.region() + ".amazonaws.com\"}}}]}";
        String role = "ssm-decrypter" + base.substring(2);
        sandbox.iam().putRole(IamRole.builder().accountId(account).name(role).trustAccount(account).inlinePolicy("read", policy).build());
        SsmClient reader = ssm(sandbox, assume(sandbox, account, role));

        assertThat(reader.getParameter(r -> r.name(name).withDecryption(true)).parameter().value()).isEqualTo("hunter2");
        assertThat(reader.getParametersByPath(r -> r.path(base + "/db").withDecryption(true)).parameters())
                .extracting(Parameter::value).containsExactly("hunter2");
        assertThatThrownBy(() -> reader.putParameter(r -> r.name(base + "/db/other").value("v").type(ParameterType.STRING)))
                .isInstanceOf(SsmException.class)
                .satisfies(e -> assertThat(((SsmException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }

    @Test
    void role_withoutKmsEncrypt_cannotPutSecureStringButCanPutString(Sandbox sandbox) {
        String account = sandbox.legacyAccountId();
        String base = unique();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:PutParameter\","
                + "\"Resource\":\"" + parameterArn(sandbox, base) + "/*\"}]}";
        String role = "ssm-writer" + base.substring(2);
        sandbox.iam().putRole(IamRole.builder().accountId(account).name(role).trustAccount(account).inlinePolicy("put", policy).build());
        SsmClient writer = ssm(sandbox, assume(sandbox, account, role));

        assertThat(writer.putParameter(r -> r.name(base + "/plain").value("v").type(ParameterType.STRING)).version()).isEqualTo(1);
        assertThatThrownBy(() -> writer.putParameter(r -> r.name(base + "/secret").value("s3cr3t").type(ParameterType.SECURE_STRING)))
                .isInstanceOf(SsmException.class).hasMessageContaining("kms:Encrypt").hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> legacy(sandbox).getParameter(r -> r.name(base + "/secret")))
                .isInstanceOf(ParameterNotFoundException.class);
    }

    @Test
    void faults_throttleSsm_givesTheSdkThrottlingException(Sandbox sandbox) {
        SsmClient ssm = legacy(sandbox);
        sandbox.faults().throttle("ssm", "GetParameter", 1.0);

        assertThatThrownBy(() -> ssm.getParameter(r -> r.name("/anything"))).isInstanceOf(ThrottlingException.class);
        sandbox.faults().clear();
        assertThatThrownBy(() -> ssm.getParameter(r -> r.name("/anything"))).isInstanceOf(ParameterNotFoundException.class);
    }

    private static AwsCredentialsProvider assume(Sandbox sandbox, String account, String roleName) {
        try (StsClient sts = StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(root(sandbox, account)).httpClient(UrlConnectionHttpClient.create()).build()) {
            Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/" + roleName).roleSessionName("ssm-test"))
                    .credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        }
    }
}
