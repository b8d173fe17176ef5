package dev.cutover.config;

/** ARNs of one account's resources in the configured region, built the way IAM expects them. */
public record Arns(String region, String accountId) {

    public String table(String tableName) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName;
    }

    public String tableIndex(String tableName, String indexName) {
        return table(tableName) + "/index/" + indexName;
    }

    /** Every stream of a table, present and future: "table/T/stream/*" (a stream's label changes when it is re-enabled). */
    public String tableStreams(String tableName) {
        return table(tableName) + "/stream/*";
    }

    public String queue(String queueName) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + queueName;
    }

    public String queueUrl(String endpoint, String queueName) {
        return endpoint + "/" + accountId + "/" + queueName;
    }

    /** A parameter or path ARN: "/a/b" becomes "parameter/a/b". */
    public String parameter(String nameOrPath) {
        String trimmed = nameOrPath.startsWith("/") ? nameOrPath.substring(1) : nameOrPath;
        return "arn:aws:ssm:" + region + ":" + accountId + ":parameter/" + trimmed;
    }

    /** Resource for SSM actions without resource-level permissions (DescribeParameters): account-scoped. */
    public String ssmAccountScope() {
        return "arn:aws:ssm:" + region + ":" + accountId + ":*";
    }

    /**
     * A CloudWatch Logs log group and everything in it ("log-group:NAME:*"): Logs evaluates the group's actions on
     * "log-group:NAME:log-stream:" and a stream's on "log-group:NAME:log-stream:STREAM", which this matches.
     */
    public String logGroupContents(String logGroupName) {
        return "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + logGroupName + ":*";
    }

    /** Resource for CloudWatch Logs actions without resource-level permissions (DescribeLogGroups): this account's log groups. */
    public String logsAccountScope() {
        return "arn:aws:logs:" + region + ":" + accountId + ":log-group:*";
    }

    public String role(String roleName) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    public String appConfigConfiguration(String applicationId, String environmentId, String profileId) {
        return "arn:aws:appconfig:" + region + ":" + accountId + ":application/" + applicationId + "/environment/"
                + environmentId + "/configuration/" + profileId;
    }

    /**
     * What API Gateway's IAM authorizer evaluates {@code execute-api:Invoke} on:
     * {@code arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH}, PATH without its leading '/' (a request's path, or
     * a pattern with '*' for a grant).
     */
    public String executeApi(String apiId, String stage, String method, String path) {
        return "arn:aws:execute-api:" + region + ":" + accountId + ":" + apiId + "/" + stage + "/" + method + "/" + path;
    }

    public String ssmViaService() {
        return "ssm." + region + ".amazonaws.com";
    }
}
