package dev.cutover.sandbox.internal.appconfig;

import java.util.Objects;

/** An AppConfig application. */
record Application(String id, String name, String description) {

    Application {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
