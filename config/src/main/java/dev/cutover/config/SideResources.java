package dev.cutover.config;

import java.util.Map;

/** The resources of one side, by logical name; both sides use the same logical names. */
public record SideResources(Map<String, Table> tables, Map<String, Queue> queues, Map<String, ParameterTree> parameters) {
    public SideResources {
        tables = Map.copyOf(tables);
        queues = Map.copyOf(queues);
        parameters = Map.copyOf(parameters);
    }

    public Table table(String logicalName) {
        return require(tables, logicalName, "table");
    }

    public Queue queue(String logicalName) {
        return require(queues, logicalName, "queue");
    }

    public ParameterTree parameterTree(String logicalName) {
        return require(parameters, logicalName, "parameter tree");
    }

    private static <T> T require(Map<String, T> map, String name, String kind) {
        T value = map.get(name);
        if (value == null) {
            throw new ConfigException("no " + kind + " named '" + name + "'; known: " + map.keySet());
        }
        return value;
    }
}
