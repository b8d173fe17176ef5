package dev.cutover.sandbox.internal.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the IAM roles of a synthesized CloudFormation template (what {@code cdk synth} writes to
 * cdk.out). Every {@code AWS::IAM::Role} becomes a role of the given account, named by its RoleName
 * (or its logical id when it has none), with its inline {@code Policies}; {@code AWS::IAM::Policy},
 * {@code AWS::IAM::ManagedPolicy} and {@code AWS::IAM::RolePolicy} resources are attached to the
 * roles they name. ManagedPolicyArns (AWS managed policies) are not known to the sandbox and are ignored.
 *
 * <p>Intrinsics resolved: Ref (parameters with a Default, pseudo parameters, resources), Fn::GetAtt
 * (Arn and name attributes of resources whose physical name the template sets), Fn::Join, Fn::Sub,
 * Fn::Select, Fn::Split, Fn::FindInMap. Anything else fails with the resource and JSON path.
 */
final class CloudFormationRoles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final JsonNode template;
    private final String accountId;
    private final String region;
    private final String stackName;

    private CloudFormationRoles(JsonNode template, String accountId, String region, String stackName) {
        this.template = template;
        this.accountId = accountId;
        this.region = region;
        this.stackName = stackName;
    }

    static List<IamRole> read(Path file, String accountId, String region) {
        JsonNode template;
        try {
            template = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new SandboxException("cannot read CloudFormation template " + file + ": " + e.getMessage(), e);
        }
        if (template == null || !template.path("Resources").isObject()) {
            throw new SandboxException("CloudFormation template " + file + " has no Resources object; pass a synthesized template "
                    + "such as cdk.out/MyStack.template.json");
        }
        String stackName = file.getFileName().toString().replaceFirst("\\.template\\.json$", "").replaceFirst("\\.json$", "");
        try {
            return new CloudFormationRoles(template, accountId, region, stackName).roles();
        } catch (SandboxException e) {
            throw new SandboxException("CloudFormation template " + file + ": " + e.getMessage(), e);
        }
    }

    private List<IamRole> roles() {
        Map<String, IamRole.Builder> byLogicalId = new LinkedHashMap<>();
        Map<String, String> nameByLogicalId = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> resources = template.get("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            if (!"AWS::IAM::Role".equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            String logicalId = resource.getKey();
            String base = "Resources." + logicalId + ".Properties";
            JsonNode properties = resource.getValue().path("Properties");
            String name = roleName(logicalId);
            IamRole.Builder builder = IamRole.builder().accountId(accountId).name(name);
            JsonNode trust = properties.get("AssumeRolePolicyDocument");
            if (trust == null) {
                throw new SandboxException(base + ".AssumeRolePolicyDocument is missing");
            }
            builder.trustPolicy(resolve(trust, base + ".AssumeRolePolicyDocument").toString());
            if (properties.has("MaxSessionDuration")) {
                builder.maxSessionDuration(Duration.ofSeconds(resolve(properties.get("MaxSessionDuration"),
                        base + ".MaxSessionDuration").asLong()));
            }
            JsonNode policies = properties.path("Policies");
            for (int i = 0; i < policies.size(); i++) {
                String where = base + ".Policies[" + i + "]";
                builder.inlinePolicy(text(resolve(policies.get(i).get("PolicyName"), where + ".PolicyName"), where + ".PolicyName"),
                        document(policies.get(i).get("PolicyDocument"), where + ".PolicyDocument"));
            }
            byLogicalId.put(logicalId, builder);
            nameByLogicalId.put(logicalId, name);
        }
        attachPolicyResources(byLogicalId, nameByLogicalId);
        List<IamRole> roles = new ArrayList<>();
        byLogicalId.forEach((logicalId, builder) -> {
            try {
                roles.add(builder.build());
            } catch (SandboxException e) {
                throw new SandboxException("Resources." + logicalId + ": " + e.getMessage(), e);
            }
        });
        return roles;
    }

    private void attachPolicyResources(Map<String, IamRole.Builder> roles, Map<String, String> nameByLogicalId) {
        Iterator<Map.Entry<String, JsonNode>> resources = template.get("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            String type = resource.getValue().path("Type").asText();
            String logicalId = resource.getKey();
            String base = "Resources." + logicalId + ".Properties";
            JsonNode properties = resource.getValue().path("Properties");
            List<JsonNode> roleRefs = new ArrayList<>();
            String nameField;
            if (type.equals("AWS::IAM::Policy") || type.equals("AWS::IAM::ManagedPolicy")) {
                properties.path("Roles").forEach(roleRefs::add);
                nameField = type.equals("AWS::IAM::Policy") ? "PolicyName" : "ManagedPolicyName";
            } else if (type.equals("AWS::IAM::RolePolicy")) {
                roleRefs.add(properties.path("RoleName"));
                nameField = "PolicyName";
            } else {
                continue;
            }
            String policyName = properties.has(nameField) ? text(resolve(properties.get(nameField), base + "." + nameField),
                    base + "." + nameField) : logicalId;
            String document = document(properties.get("PolicyDocument"), base + ".PolicyDocument");
            for (int i = 0; i < roleRefs.size(); i++) {
                String where = base + (type.equals("AWS::IAM::RolePolicy") ? ".RoleName" : ".Roles[" + i + "]");
                String roleName = text(resolve(roleRefs.get(i), where), where);
                String roleLogicalId = nameByLogicalId.entrySet().stream().filter(e -> e.getValue().equals(roleName))
                        .map(Map.Entry::getKey).findFirst()
                        .orElseThrow(() -> new SandboxException(where + " names role '" + roleName
                                + "', which this template does not define; the sandbox attaches policies only to the template's roles"));
                roles.get(roleLogicalId).inlinePolicy(policyName, document);
            }
        }
    }

    private String document(JsonNode node, String where) {
        if (node == null) {
            throw new SandboxException(where + " is missing");
        }
        return resolve(node, where).toString();
    }

    private String roleName(String logicalId) {
        JsonNode name = template.get("Resources").get(logicalId).path("Properties").get("RoleName");
        return name == null ? logicalId : text(resolve(name, "Resources." + logicalId + ".Properties.RoleName"),
                "Resources." + logicalId + ".Properties.RoleName");
    }

    /** Resolves every intrinsic inside {@code node}; {@code null} means AWS::NoValue (drop the element). */
    private JsonNode resolve(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return intrinsic(key, node.get(key), path);
                }
            }
            ObjectNode resolved = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = resolve(field.getValue(), path + "." + field.getKey());
                if (value != null) {
                    resolved.set(field.getKey(), value);
                }
            }
            return resolved;
        }
        if (node.isArray()) {
            ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode value = resolve(node.get(i), path + "[" + i + "]");
                if (value != null) {
                    resolved.add(value);
                }
            }
            return resolved;
        }
        return node;
    }

    private JsonNode intrinsic(String function, JsonNode argument, String path) {
        String where = path + "." + function;
        switch (function) {
            case "Ref":
                return ref(text(argument, where), where);
            case "Fn::GetAtt": {
                String logicalId;
                String attribute;
                if (argument.isTextual() && argument.asText().contains(".")) {
                    logicalId = argument.asText().substring(0, argument.asText().indexOf('.'));
                    attribute = argument.asText().substring(argument.asText().indexOf('.') + 1);
                } else if (argument.isArray() && argument.size() == 2) {
                    logicalId = text(argument.get(0), where + "[0]");
                    attribute = text(resolve(argument.get(1), where + "[1]"), where + "[1]");
                } else {
                    throw new SandboxException(where + " must be [LogicalId, Attribute] or \"LogicalId.Attribute\"");
                }
                return TextNode.valueOf(attribute(logicalId, attribute, where));
            }
            case "Fn::Join": {
                if (!argument.isArray() || argument.size() != 2) {
                    throw new SandboxException(where + " must be [delimiter, [values...]]");
                }
                String delimiter = text(argument.get(0), where + "[0]");
                JsonNode values = resolve(argument.get(1), where + "[1]");
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    parts.add(text(values.get(i), where + "[1][" + i + "]"));
                }
                return TextNode.valueOf(String.join(delimiter, parts));
            }
            case "Fn::Sub":
                return TextNode.valueOf(sub(argument, where));
            case "Fn::Select": {
                if (!argument.isArray() || argument.size() != 2) {
                    throw new SandboxException(where + " must be [index, [values...]]");
                }
                int index = Integer.parseInt(text(resolve(argument.get(0), where + "[0]"), where + "[0]"));
                JsonNode values = resolve(argument.get(1), where + "[1]");
                if (!values.isArray() || index < 0 || index >= values.size()) {
                    throw new SandboxException(where + ": index " + index + " is outside the list " + values);
                }
                return values.get(index);
            }
            case "Fn::Split": {
                if (!argument.isArray() || argument.size() != 2) {
                    throw new SandboxException(where + " must be [delimiter, string]");
                }
                String delimiter = text(argument.get(0), where + "[0]");
                String source = text(resolve(argument.get(1), where + "[1]"), where + "[1]");
                ArrayNode parts = JsonNodeFactory.instance.arrayNode();
                for (String part : source.split(Pattern.quote(delimiter), -1)) {
                    parts.add(part);
                }
                return parts;
            }
            case "Fn::FindInMap": {
                if (!argument.isArray() || argument.size() != 3) {
                    throw new SandboxException(where + " must be [MapName, TopLevelKey, SecondLevelKey]");
                }
                JsonNode value = template.path("Mappings");
                for (int i = 0; i < 3; i++) {
                    value = value.path(text(resolve(argument.get(i), where + "[" + i + "]"), where + "[" + i + "]"));
                }
                if (value.isMissingNode()) {
                    throw new SandboxException(where + ": no such entry in Mappings: " + argument);
                }
                return value;
            }
            default:
                throw new SandboxException(where + ": the sandbox cannot resolve " + function
                        + " (supported: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::FindInMap)");
        }
    }

    private JsonNode ref(String name, String where) {
        switch (name) {
            case "AWS::AccountId":
                return TextNode.valueOf(accountId);
            case "AWS::Region":
                return TextNode.valueOf(region);
            case "AWS::Partition":
                return TextNode.valueOf("aws");
            case "AWS::URLSuffix":
                return TextNode.valueOf("amazonaws.com");
            case "AWS::StackName":
                return TextNode.valueOf(stackName);
            case "AWS::StackId":
                return TextNode.valueOf("arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName
                        + "/00000000-0000-0000-0000-000000000000");
            case "AWS::NoValue":
                return null;
            default:
                break;
        }
        JsonNode parameter = template.path("Parameters").get(name);
        if (parameter != null) {
            JsonNode value = parameter.get("Default");
            if (value == null) {
                throw new SandboxException(where + ": parameter " + name + " has no Default, and the sandbox has no value for it");
            }
            return value;
        }
        JsonNode resource = template.get("Resources").get(name);
        if (resource == null) {
            throw new SandboxException(where + ": '" + name + "' is neither a parameter, a pseudo parameter nor a resource");
        }
        String type = resource.path("Type").asText();
        return switch (type) {
            case "AWS::IAM::Role" -> TextNode.valueOf(roleName(name));
            case "AWS::SQS::Queue" -> TextNode.valueOf("https://sqs." + region + ".amazonaws.com/" + accountId + "/"
                    + physicalName(name, "QueueName", where));
            case "AWS::SNS::Topic" -> TextNode.valueOf(attribute(name, "TopicArn", where));
            case "AWS::IAM::ManagedPolicy" -> TextNode.valueOf("arn:aws:iam::" + accountId + ":policy/"
                    + physicalName(name, "ManagedPolicyName", where));
            default -> TextNode.valueOf(physicalName(name, nameProperty(type, name, where), where));
        };
    }

    private String attribute(String logicalId, String attribute, String where) {
        JsonNode resource = template.get("Resources").get(logicalId);
        if (resource == null) {
            throw new SandboxException(where + ": Fn::GetAtt names '" + logicalId + "', which is not a resource of the template");
        }
        String type = resource.path("Type").asText();
        String key = type + "." + attribute;
        return switch (key) {
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + accountId + ":role/" + roleName(logicalId);
            case "AWS::DynamoDB::Table.Arn", "AWS::DynamoDB::GlobalTable.Arn" -> "arn:aws:dynamodb:" + region + ":" + accountId + ":table/"
                    + physicalName(logicalId, "TableName", where);
            case "AWS::SQS::Queue.Arn" -> "arn:aws:sqs:" + region + ":" + accountId + ":" + physicalName(logicalId, "QueueName", where);
            case "AWS::SQS::Queue.QueueName" -> physicalName(logicalId, "QueueName", where);
            case "AWS::SQS::Queue.QueueUrl" -> "https://sqs." + region + ".amazonaws.com/" + accountId + "/"
                    + physicalName(logicalId, "QueueName", where);
            case "AWS::SNS::Topic.TopicArn" -> "arn:aws:sns:" + region + ":" + accountId + ":"
                    + physicalName(logicalId, "TopicName", where);
            case "AWS::Lambda::Function.Arn" -> "arn:aws:lambda:" + region + ":" + accountId + ":function:"
                    + physicalName(logicalId, "FunctionName", where);
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + physicalName(logicalId, "BucketName", where);
            case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + region + ":" + accountId + ":log-group:"
                    + physicalName(logicalId, "LogGroupName", where) + ":*";
            default -> throw new SandboxException(where + ": the sandbox does not know attribute " + attribute + " of " + type + " "
                    + logicalId + "; supported are the Arn (and name) attributes of roles, tables, queues, topics, functions, "
                    + "buckets and log groups that set their name explicitly");
        };
    }

    private static String nameProperty(String type, String logicalId, String where) {
        return switch (type) {
            case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> "TableName";
            case "AWS::SSM::Parameter" -> "Name";
            case "AWS::Lambda::Function" -> "FunctionName";
            case "AWS::S3::Bucket" -> "BucketName";
            case "AWS::Logs::LogGroup" -> "LogGroupName";
            case "AWS::IAM::Policy", "AWS::IAM::RolePolicy" -> "PolicyName";
            default -> throw new SandboxException(where + ": the sandbox does not know what Ref returns for " + type + " " + logicalId);
        };
    }

    private String physicalName(String logicalId, String property, String where) {
        JsonNode value = template.get("Resources").get(logicalId).path("Properties").get(property);
        if (value == null) {
            throw new SandboxException(where + ": resource " + logicalId + " has no " + property
                    + ", so its physical name is generated by CloudFormation and unknown to the sandbox; give it an explicit "
                    + property + " in the CDK code");
        }
        return text(resolve(value, "Resources." + logicalId + ".Properties." + property), where);
    }

    private String sub(JsonNode argument, String where) {
        String source;
        Map<String, String> variables = new LinkedHashMap<>();
        if (argument.isTextual()) {
            source = argument.asText();
        } else if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()) {
            source = argument.get(0).asText();
            Iterator<Map.Entry<String, JsonNode>> fields = argument.get(1).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String variableWhere = where + "[1]." + field.getKey();
                variables.put(field.getKey(), text(resolve(field.getValue(), variableWhere), variableWhere));
            }
        } else {
            throw new SandboxException(where + " must be a string or [string, {variables}]");
        }
        Matcher matcher = SUB_VARIABLE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = variables.get(variable);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                replacement = attribute(variable.substring(0, variable.indexOf('.')), variable.substring(variable.indexOf('.') + 1), where);
            } else {
                replacement = text(ref(variable, where), where + " ${" + variable + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode node, String where) {
        if (node == null || !node.isValueNode()) {
            throw new SandboxException(where + " must resolve to a string but was " + node);
        }
        return node.asText();
    }
}
