package dev.cutover.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

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

    /** A builder holding these resources: add or change some, {@link Builder#build()} a copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static <T> T require(Map<String, T> map, String name, String kind) {
        T value = map.get(name);
        if (value == null) {
            throw new ConfigException("no " + kind + " named '" + name + "'; known: " + map.keySet());
        }
        return value;
    }

    /** Builds {@link SideResources}; see {@link SideResources#toBuilder()}. */
    public static final class Builder {
        private final Map<String, Table> tables;
        private final Map<String, Queue> queues;
        private final Map<String, ParameterTree> parameters;

        private Builder(SideResources from) {
            tables = new LinkedHashMap<>(from.tables);
            queues = new LinkedHashMap<>(from.queues);
            parameters = new LinkedHashMap<>(from.parameters);
        }

        /** Adds or replaces the table with this logical name. */
        public Builder table(String logicalName, Table table) {
            tables.put(logicalName, table);
            return this;
        }

        /** Adds or replaces the queue with this logical name. */
        public Builder queue(String logicalName, Queue queue) {
            queues.put(logicalName, queue);
            return this;
        }

        /** Adds or replaces the parameter tree with this logical name. */
        public Builder parameterTree(String logicalName, ParameterTree tree) {
            parameters.put(logicalName, tree);
            return this;
        }

        /** Changes every parameter tree, e.g. {@code t -> t.withKmsKeyArn(key)}. */
        public Builder parameterTrees(UnaryOperator<ParameterTree> change) {
            parameters.replaceAll((name, tree) -> change.apply(tree));
            return this;
        }

        public SideResources build() {
            return new SideResources(tables, queues, parameters);
        }
    }
}
