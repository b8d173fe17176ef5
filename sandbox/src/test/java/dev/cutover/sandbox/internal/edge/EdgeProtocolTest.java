package dev.cutover.sandbox.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.internal.iam.IamAuthorizer;
import dev.cutover.sandbox.internal.iam.RoleRegistry;
import dev.cutover.sandbox.internal.sts.CredentialStore;
import dev.cutover.sandbox.internal.sts.StsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.appconfig.model.AppConfigException;
import software.amazon.awssdk.services.appconfig.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The edge's protocol handling, checked with the real DynamoDB (JSON 1.0) and AppConfig (REST-JSON)
 * SDK clients against two small stand-ins defined here: errors must map to the SDK's modeled types.
 */
class EdgeProtocolTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";
    private static final String ITEMS = "arn:aws:dynamodb:us-east-1:222222222222:table/items";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EdgeServer edge;
    private static FaultInjector faults;
    private static URI endpoint;

    @BeforeAll
    static void startEdge() {
        RoleRegistry roles = new RoleRegistry(List.of(LEGACY, NEW), "us-east-1");
        roles.putRole(IamRole.builder().accountId(NEW).name("reader").trustAccount(LEGACY).inlinePolicy("Items", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%s"}]}"""
                .formatted(ITEMS)).build());
        CredentialStore credentials = new CredentialStore(Clock.systemUTC());
        IamAuthorizer authorizer = new IamAuthorizer(roles, key -> Optional.empty());
        faults = new FaultInjector(() -> Set.of("sts", "dynamodb", "appconfig"), List.of(LEGACY, NEW), credentials::expireAll);
        AccessKeys keys = id -> id.equals(LEGACY) || id.equals(NEW)
                ? Optional.of(new AccessKeys.AccessKey(Caller.root(id), "secret-" + id, null)) : credentials.find(id);
        edge = new EdgeServer(0, "us-east-1", Clock.systemUTC(), keys, authorizer, faults, new RequestCounter());
        edge.register(List.of(new StsService(roles, authorizer, credentials, Clock.systemUTC(), null), new FakeDynamoDb(),
                new FakeAppConfig()));
        edge.start();
        endpoint = URI.create("http://127.0.0.1:" + edge.port());
    }

    @AfterAll
    static void stopEdge() {
        edge.close();
    }

    @AfterEach
    void clearFaults() {
        faults.clear();
    }

    @Test
    void dynamoDb_getItemAllowedByTheRolePolicy_returnsTheItem() {
        Map<String, AttributeValue> item = dynamoDb(session()).getItem(r -> r.tableName("items").key(Map.of("pk",
                AttributeValue.fromS("1")))).item();

        assertThat(item).containsEntry("pk", AttributeValue.fromS("1"));
    }

    @Test
    void dynamoDb_getItemOnATableThePolicyDoesNotName_isAccessDeniedException() {
        assertThatThrownBy(() -> dynamoDb(session()).getItem(r -> r.tableName("other").key(Map.of("pk", AttributeValue.fromS("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::222222222222:assumed-role/reader/edge "
                            + "is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:222222222222:"
                            + "table/other because no identity-based policy allows the dynamodb:GetItem action");
                    assertThat(e.requestId()).isNotBlank();
                });
    }

    @Test
    void dynamoDb_whenThrottled_isTheModeledProvisionedThroughputExceededException() {
        faults.throttle("dynamodb", "GetItem", 1.0);

        assertThatThrownBy(() -> dynamoDb(root(NEW)).getItem(r -> r.tableName("items").key(Map.of("pk", AttributeValue.fromS("1")))))
                .isInstanceOf(ProvisionedThroughputExceededException.class);
    }

    @Test
    void dynamoDb_whenUnavailable_is503() {
        faults.unavailable("dynamodb");

        assertThatThrownBy(() -> dynamoDb(root(NEW)).getItem(r -> r.tableName("items").key(Map.of("pk", AttributeValue.fromS("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                });
    }

    @Test
    void dynamoDb_signedWithWrongSecret_isInvalidSignatureException() {
        assertThatThrownBy(() -> dynamoDb(StaticCredentialsProvider.create(AwsBasicCredentials.create(NEW, "wrong")))
                .getItem(r -> r.tableName("items").key(Map.of("pk", AttributeValue.fromS("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void dynamoDb_withUnknownKey_isUnrecognizedClientException() {
        assertThatThrownBy(() -> dynamoDb(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIANOBODY", "x")))
                .getItem(r -> r.tableName("items").key(Map.of("pk", AttributeValue.fromS("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
    }

    @Test
    void dynamoDb_withExpiredSession_isExpiredTokenException() {
        DynamoDbClient client = dynamoDb(session());
        faults.expireAllCredentials();

        assertThatThrownBy(() -> client.getItem(r -> r.tableName("items").key(Map.of("pk", AttributeValue.fromS("1")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void dynamoDb_whenTheStandInFails_is500InternalFailure() {
        assertThatThrownBy(() -> dynamoDb(root(NEW)).describeTable(r -> r.tableName("boom")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("IllegalStateException: boom");
                });
    }

    @Test
    void appConfig_missingApplication_isTheModeledResourceNotFoundException() {
        assertThatThrownBy(() -> appConfig().getApplication(r -> r.applicationId("missing")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Application missing not found");
                });
    }

    @Test
    void appConfig_pathWithCharactersTheSdkEncodes_passesTheSignatureCheck() {
        assertThat(appConfig().getApplication(r -> r.applicationId("my app:1+2")).id()).isEqualTo("my app:1+2");
    }

    @Test
    void appConfig_whenThrottled_is429WithTheServiceCode() {
        faults.throttle("appconfig", 1.0);

        assertThatThrownBy(() -> appConfig().getApplication(r -> r.applicationId("abc")))
                .isInstanceOfSatisfying(AppConfigException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.isThrottlingException()).isTrue();
                });
    }

    private static AwsCredentialsProvider session() {
        StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(root(LEGACY))
                .httpClient(UrlConnectionHttpClient.create()).build();
        Credentials credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/reader").roleSessionName("edge"))
                .credentials();
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken()));
    }

    private static AwsCredentialsProvider root(String account) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(account, "secret-" + account));
    }

    private static DynamoDbClient dynamoDb(AwsCredentialsProvider credentials) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static AppConfigClient appConfig() {
        return AppConfigClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(root(NEW))
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** JSON 1.0 stand-in: GetItem echoes the key after checking dynamodb:GetItem; DescribeTable "boom" fails. */
    private static final class FakeDynamoDb implements AwsService {
        @Override
        public String signingName() {
            return "dynamodb";
        }

        @Override
        public Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
            return Protocol.JSON_1_0;
        }

        @Override
        public String operationName(EdgeRequest request) {
            return request.targetOperation().orElse("Unknown");
        }

        @Override
        public String throttlingErrorCode(String operation) {
            return "ProvisionedThroughputExceededException";
        }

        @Override
        public EdgeResponse handle(EdgeRequest request) {
            JsonNode body;
            try {
                body = JSON.readTree(request.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String table = body.path("TableName").asText();
            if (operationName(request).equals("DescribeTable")) {
                throw new IllegalStateException(table);
            }
            request.authorize("dynamodb:GetItem", "arn:aws:dynamodb:" + request.region() + ":" + request.accountId() + ":table/" + table);
            return EdgeResponse.json(200, "application/x-amz-json-1.0", "{\"Item\":" + body.path("Key") + "}");
        }
    }

    /** REST-JSON stand-in for GET /applications/{id}. */
    private static final class FakeAppConfig implements AwsService {
        @Override
        public String signingName() {
            return "appconfig";
        }

        @Override
        public boolean accepts(String method, String path) {
            return path.startsWith("/applications");
        }

        @Override
        public Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
            return Protocol.REST_JSON;
        }

        @Override
        public String operationName(EdgeRequest request) {
            return "GetApplication";
        }

        @Override
        public String throttlingErrorCode(String operation) {
            return "ThrottlingException";
        }

        @Override
        public EdgeResponse handle(EdgeRequest request) {
            String id = URLDecoder.decode(request.path().substring("/applications/".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (id.equals("missing")) {
                throw new AwsException(404, "ResourceNotFoundException", "Application " + id + " not found");
            }
            return EdgeResponse.json(200, "application/json", "{\"Id\":" + JSON.valueToTree(id) + ",\"Name\":\"app\"}");
        }
    }
}
