package dev.cutover.sandbox.internal.edge;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a stand-in answers: status, headers (Content-Type included) and body bytes. */
public record EdgeResponse(int status, Map<String, String> headers, byte[] body) {

    public EdgeResponse {
        headers = new LinkedHashMap<>(headers);
        body = body == null ? new byte[0] : body;
    }

    public static EdgeResponse json(int status, String contentType, String json) {
        return new EdgeResponse(status, Map.of("Content-Type", contentType), json.getBytes(StandardCharsets.UTF_8));
    }

    public static EdgeResponse xml(String xml) {
        return new EdgeResponse(200, Map.of("Content-Type", "text/xml"), xml.getBytes(StandardCharsets.UTF_8));
    }

    public EdgeResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new EdgeResponse(status, copy, body);
    }
}
