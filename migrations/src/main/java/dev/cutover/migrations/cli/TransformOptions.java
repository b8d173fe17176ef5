package dev.cutover.migrations.cli;

import dev.cutover.migrations.dynamodb.AttributeRenames;
import dev.cutover.migrations.dynamodb.ItemTransform;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How items change on the way to the new table; copy, replicate and verify take the same options and must be given the same. */
public final class TransformOptions {
    @Option(names = "--rename", paramLabel = "FROM=TO",
            description = "Rename an attribute (repeatable); renaming a key attribute maps keys between differently keyed tables."
            + " Give replicate and verify the same as the copy.")
    List<String> renames = new ArrayList<>();

    @Option(names = "--drop", paramLabel = "ATTR", description = "Leave an attribute out of the target (repeatable).")
    List<String> drops = new ArrayList<>();

    @Option(names = "--transform", paramLabel = "CLASS", description = "An ItemTransform implementation on the classpath (applied after "
            + "--rename/--drop).")
    String transformClass;

    /** Whether any option was given (the identity transform otherwise). */
    boolean isGiven() {
        return !renames.isEmpty() || !drops.isEmpty() || transformClass != null;
    }

    /** The transform the options describe. */
    ItemTransform build() {
        AttributeRenames renaming = AttributeRenames.parse(renames, drops);
        ItemTransform t = renaming.isEmpty() ? ItemTransform.identity() : renaming;
        if (transformClass == null) {
            return t;
        }
        try {
            Object custom = Class.forName(transformClass).getConstructor().newInstance();
            if (!(custom instanceof ItemTransform transform)) {
                throw new IllegalArgumentException("--transform " + transformClass + " does not implement ItemTransform");
            }
            return t.andThen(transform);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("--transform " + transformClass + " cannot be loaded (" + e
                    + "): it must be a public class with a public no-argument constructor on the classpath", e);
        }
    }
}
