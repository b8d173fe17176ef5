package dev.cutover.sandbox.internal.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A created state machine: its definition as given (text) and as parsed. */
record StateMachine(String arn, String name, String account, String definitionText, JsonNode definition, String roleArn, String type,
        Instant creationDate) {
}
