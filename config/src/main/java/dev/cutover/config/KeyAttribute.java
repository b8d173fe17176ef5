package dev.cutover.config;

/** One key attribute of a table or index: its name and DynamoDB scalar type (S, N or B). */
public record KeyAttribute(String name, String type) {
    public KeyAttribute {
        if (name == null || name.isBlank()) {
            throw new ConfigException("key attribute name must not be empty");
        }
        if (!"S".equals(type) && !"N".equals(type) && !"B".equals(type)) {
            throw new ConfigException("key attribute '" + name + "' type must be S, N or B, but was '" + type + "'");
        }
    }
}
