package dev.cutover.sandbox.internal.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.sandbox.internal.edge.Authorizer;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON 1.1 layer and the IAM/KMS checks it asks the edge for, with a recording authorizer in place of
 * the edge's IAM (the HTTP path with the real SDK SsmClient is covered through the edge by SsmParameterStoreSdkTest).
 */
class SsmServiceTest {

    private static final String ACCOUNT = "111111111111";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private record Check(String action, String resource, Map<String, String> conditions) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final Set<String> denied = new HashSet<>();
    private final Authorizer authorizer = (caller, protocol, action, resource, conditions) -> {
        checks.add(new Check(action, resource, Map.copyOf(conditions)));
        if (denied.contains(action)) {
            throw new AwsException(400, "AccessDeniedException", "not authorized to perform: " + action + " on resource: " + resource);
        }
    };
    private final SandboxContext context = new SandboxContext("us-east-1", List.of(ACCOUNT), "http://127.0.0.1:1",
            Clock.fixed(Instant.parse("2030-01-02T03:04:05.678Z"), ZoneOffset.UTC));
    private final SsmService service = new SsmService(context, new LocalKms(List.of()), new PutParameterRateLimiter(0));

    private JsonNode call(String operation, String json) {
        return call(service, operation, json);
    }

    private JsonNode call(SsmService target, String operation, String json) {
        EdgeRequest request = new EdgeRequest("POST", "/", Map.of(), Map.of("X-Amz-Target", "AmazonSSM." + operation,
                "Content-Type", SsmService.CONTENT_TYPE), json.getBytes(StandardCharsets.UTF_8), Caller.root(ACCOUNT), "us-east-1",
                "ssm", Protocol.JSON_1_1, authorizer);
        assertThat(target.operationName(request)).isEqualTo(operation);
        EdgeResponse response = target.handle(request);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/x-amz-json-1.1");
        try {
            return MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void putParameter_secureString_authorisesPutAndKmsEncryptWithViaServiceAndParameterArn() {
        JsonNode out = call("PutParameter", "{\"Name\":\"/legacy/db/pw\",\"Value\":\"hunter2\",\"Type\":\"SecureString\"}");

        assertThat(out.get("Version").asLong()).isEqualTo(1);
        assertThat(out.get("Tier").asText()).isEqualTo("Standard");
        String parameterArn = "arn:aws:ssm:us-east-1:111111111111:parameter/legacy/db/pw";
        assertThat(checks).containsExactly(
                new Check("ssm:PutParameter", parameterArn, Map.of()),
                new Check("kms:Encrypt", SandboxKmsKeys.defaultSsmKeyArn("us-east-1", ACCOUNT),
                        Map.of("kms:ViaService", "ssm.us-east-1.amazonaws.com", "kms:EncryptionContext:PARAMETER_ARN", parameterArn)));
    }

    @Test
    void getParameter_secureString_returnsCiphertextUnlessDecryptingAndKmsDecryptIsChecked() {
        call("PutParameter", "{\"Name\":\"/legacy/db/pw\",\"Value\":\"hunter2\",\"Type\":\"SecureString\"}");
        checks.clear();

        JsonNode sealed = call("GetParameter", "{\"Name\":\"/legacy/db/pw\"}").get("Parameter");
        assertThat(sealed.get("Value").asText()).isNotEqualTo("hunter2").doesNotContain("hunter2");
        assertThat(checks).extracting(Check::action).containsExactly("ssm:GetParameter");

        JsonNode open = call("GetParameter", "{\"Name\":\"/legacy/db/pw\",\"WithDecryption\":true}").get("Parameter");
        assertThat(open.get("Value").asText()).isEqualTo("hunter2");
        assertThat(open.get("ARN").asText()).isEqualTo("arn:aws:ssm:us-east-1:111111111111:parameter/legacy/db/pw");
        assertThat(open.get("LastModifiedDate").isNumber()).isTrue();
        assertThat(open.get("LastModifiedDate").decimalValue()).isEqualByComparingTo("1893553445.678");
        assertThat(open.get("DataType").asText()).isEqualTo("text");
        assertThat(open.has("Selector")).isFalse();
        assertThat(checks).extracting(Check::action).containsExactly("ssm:GetParameter", "ssm:GetParameter", "kms:Decrypt");

        denied.add("kms:Decrypt");
        assertThat(call("GetParameter", "{\"Name\":\"/legacy/db/pw\"}").get("Parameter").get("Value").asText())
                .isEqualTo(sealed.get("Value").asText());
        assertThatThrownBy(() -> call("GetParameter", "{\"Name\":\"/legacy/db/pw\",\"WithDecryption\":true}"))
                .isInstanceOf(AwsException.class).hasMessageContaining("kms:Decrypt").hasMessageNotContaining("hunter2");
    }

    @Test
    void getParametersByPath_authorisesThePathArn() {
        call("PutParameter", "{\"Name\":\"/legacy/app/a\",\"Value\":\"1\",\"Type\":\"String\"}");
        checks.clear();

        JsonNode out = call("GetParametersByPath", "{\"Path\":\"/legacy/app/\",\"MaxResults\":10}");

        assertThat(out.get("Parameters")).hasSize(1);
        assertThat(out.has("NextToken")).isFalse();
        assertThat(checks).containsExactly(new Check("ssm:GetParametersByPath",
                "arn:aws:ssm:us-east-1:111111111111:parameter/legacy/app", Map.of()));
    }

    @Test
    void describeParameters_authorisesTheAccountWildcardAndRendersMetadata() {
        call("PutParameter", "{\"Name\":\"/legacy/app/a\",\"Value\":\"1\",\"Type\":\"SecureString\",\"Description\":\"d\","
                + "\"Tier\":\"Intelligent-Tiering\"}");
        checks.clear();

        JsonNode p = call("DescribeParameters", "{}").get("Parameters").get(0);

        assertThat(checks).containsExactly(new Check("ssm:DescribeParameters", "arn:aws:ssm:us-east-1:111111111111:*", Map.of()));
        assertThat(p.get("KeyId").asText()).isEqualTo("alias/aws/ssm");
        assertThat(p.get("Tier").asText()).isEqualTo("Standard");
        assertThat(p.get("Description").asText()).isEqualTo("d");
        assertThat(p.get("LastModifiedUser").asText()).isEqualTo("arn:aws:iam::111111111111:root");
        assertThat(p.get("Policies").isArray()).isTrue();
        assertThat(p.get("Version").asLong()).isEqualTo(1);
    }

    @Test
    void getParameter_versionSelector_echoesSelector() {
        call("PutParameter", "{\"Name\":\"/a\",\"Value\":\"1\",\"Type\":\"String\"}");
        call("PutParameter", "{\"Name\":\"/a\",\"Value\":\"2\",\"Overwrite\":true}");

        JsonNode p = call("GetParameter", "{\"Name\":\"/a:1\"}").get("Parameter");

        assertThat(p.get("Name").asText()).isEqualTo("/a");
        assertThat(p.get("Selector").asText()).isEqualTo(":1");
        assertThat(p.get("Value").asText()).isEqualTo("1");
    }

    @Test
    void handle_unknownOperationOrBadInput_givesClearErrors() {
        assertThatThrownBy(() -> call("SendCommand", "{}")).satisfies(e -> assertThat(((AwsException) e).code())
                .isEqualTo("UnknownOperationException"));
        assertThatThrownBy(() -> call("GetParameter", "{")).satisfies(e -> assertThat(((AwsException) e).code())
                .isEqualTo("SerializationException"));
        assertThatThrownBy(() -> call("GetParameter", "{}")).satisfies(e -> assertThat(((AwsException) e).code())
                .isEqualTo("ValidationException")).hasMessageContaining("'name'");
        assertThatThrownBy(() -> call("PutParameter", "{\"Name\":\"/a\",\"Value\":\"1\",\"Type\":\"Text\"}"))
                .hasMessageContaining("enum value set");
    }

    @Test
    void putParameter_withRateLimit_throttlesTheAccountOverTheCap() {
        SsmService limited = new SsmService(context, new LocalKms(List.of()), new PutParameterRateLimiter(1));
        call(limited, "PutParameter", "{\"Name\":\"/r1\",\"Value\":\"1\",\"Type\":\"String\"}");

        assertThatThrownBy(() -> call(limited, "PutParameter", "{\"Name\":\"/r2\",\"Value\":\"1\",\"Type\":\"String\"}"))
                .satisfies(e -> assertThat(((AwsException) e).code()).isEqualTo("ThrottlingException"));
        assertThat(limited.throttlingErrorCode("PutParameter")).isEqualTo("ThrottlingException");
    }
}
