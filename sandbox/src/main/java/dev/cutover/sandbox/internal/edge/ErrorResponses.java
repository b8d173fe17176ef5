package dev.cutover.sandbox.internal.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The edge's own errors (authentication, routing) and the rendering of any {@link AwsException} in
 * the shape the real service uses for its protocol, so the SDK maps it to its modeled exception.
 */
final class ErrorResponses {

    static final String BAD_SIGNATURE_MESSAGE = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String INVALID_TOKEN_MESSAGE = "The security token included in the request is invalid.";
    static final String EXPIRED_TOKEN_MESSAGE = "The security token included in the request is expired";

    private ErrorResponses() {
    }

    static AwsException missingAuthentication(Protocol protocol) {
        return switch (protocol) {
            case QUERY, REST_XML -> new AwsException(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            case REST_JSON -> new AwsException(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
            default -> new AwsException(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
        };
    }

    static AwsException incompleteSignature(Protocol protocol, String message) {
        return switch (protocol) {
            case QUERY, REST_XML -> new AwsException(400, "IncompleteSignature", message);
            case REST_JSON -> new AwsException(403, "IncompleteSignatureException", message);
            default -> new AwsException(400, "IncompleteSignatureException", message);
        };
    }

    static AwsException unrecognizedClient(Protocol protocol) {
        return switch (protocol) {
            case QUERY -> new AwsException(403, "InvalidClientTokenId", INVALID_TOKEN_MESSAGE);
            case REST_XML -> new AwsException(403, "InvalidAccessKeyId", INVALID_TOKEN_MESSAGE);
            case REST_JSON -> new AwsException(403, "UnrecognizedClientException", INVALID_TOKEN_MESSAGE);
            default -> new AwsException(400, "UnrecognizedClientException", INVALID_TOKEN_MESSAGE);
        };
    }

    static AwsException badSignature(Protocol protocol, String message) {
        return switch (protocol) {
            case QUERY, REST_XML -> new AwsException(403, "SignatureDoesNotMatch", message);
            case REST_JSON -> new AwsException(403, "InvalidSignatureException", message);
            default -> new AwsException(400, "InvalidSignatureException", message);
        };
    }

    static AwsException expiredToken(Protocol protocol) {
        return switch (protocol) {
            case QUERY -> new AwsException(403, "ExpiredToken", EXPIRED_TOKEN_MESSAGE);
            case REST_XML -> new AwsException(400, "ExpiredToken", EXPIRED_TOKEN_MESSAGE);
            case REST_JSON -> new AwsException(403, "ExpiredTokenException", EXPIRED_TOKEN_MESSAGE);
            default -> new AwsException(400, "ExpiredTokenException", EXPIRED_TOKEN_MESSAGE);
        };
    }

    /** Guesses the protocol of a request the edge cannot route (no or bad credential scope). */
    static Protocol guessProtocol(Map<String, String> lowerCaseHeaders) {
        String contentType = lowerCaseHeaders.getOrDefault("content-type", "");
        if (lowerCaseHeaders.containsKey("x-amz-target")) {
            return contentType.contains("1.1") ? Protocol.JSON_1_1 : Protocol.JSON_1_0;
        }
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            return Protocol.QUERY;
        }
        return Protocol.REST_JSON;
    }

    static EdgeResponse render(AwsException error, Protocol protocol, String signingName, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        String body;
        String message = error.getMessage() == null ? "" : error.getMessage();
        switch (protocol) {
            case QUERY -> {
                headers.put("Content-Type", "text/xml");
                body = "<ErrorResponse xmlns=\"" + queryNamespace(signingName) + "\"><Error><Type>" + xml(error.faultType())
                        + "</Type><Code>" + xml(error.code()) + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>"
                        + requestId + "</RequestId></ErrorResponse>";
            }
            case REST_XML -> {
                headers.put("Content-Type", "application/xml");
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml(error.code()) + "</Code><Message>" + xml(message)
                        + "</Message><RequestId>" + requestId + "</RequestId></Error>";
            }
            case REST_JSON -> {
                headers.put("Content-Type", "application/json");
                headers.put("x-amzn-ErrorType", error.code());
                body = "{\"Message\":" + json(message) + "}";
            }
            default -> {
                headers.put("Content-Type", protocol == Protocol.JSON_1_1 ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0");
                headers.put("x-amzn-ErrorType", error.code());
                body = "{\"__type\":" + json(error.code()) + ",\"message\":" + json(message) + "}";
            }
        }
        headers.put("x-amzn-RequestId", requestId);
        return new EdgeResponse(error.status(), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static String queryNamespace(String signingName) {
        return switch (signingName == null ? "" : signingName) {
            case "sts" -> "https://sts.amazonaws.com/doc/2011-06-15/";
            case "sqs" -> "http://queue.amazonaws.com/doc/2012-11-05/";
            default -> "https://" + signingName + ".amazonaws.com/doc/";
        };
    }

    static String xml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
