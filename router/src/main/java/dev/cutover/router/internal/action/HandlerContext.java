package dev.cutover.router.internal.action;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.SideResources;
import dev.cutover.router.RouterClients;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/** What the handlers share: the configuration, the prebuilt clients of both sides and the cursor codec. */
public record HandlerContext(CutoverConfig config, RouterClients clients, CursorCodec cursors) {

    public SideResources resources(Side side) {
        return config.resources(side);
    }

    /** The per-call deadline override, or null for the client's own ({@code router.backendTimeout}). */
    static AwsRequestOverrideConfiguration deadline(Duration deadline) {
        return deadline == null ? null : AwsRequestOverrideConfiguration.builder().apiCallTimeout(deadline).build();
    }
}
