package dev.cutover.router.internal.flags;

import dev.cutover.config.AppConfigLocation;
import dev.cutover.config.ConfigException;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.appconfigdata.AppConfigDataClient;
import software.amazon.awssdk.services.appconfigdata.model.BadRequestException;
import software.amazon.awssdk.services.appconfigdata.model.GetLatestConfigurationResponse;
import software.amazon.awssdk.services.appconfigdata.model.ResourceNotFoundException;

/**
 * The routing flags from the AppConfig data plane, without a background thread (Lambda freezes the
 * container between invocations, so a timer would fire late or mid-request): one
 * StartConfigurationSession at init, then GetLatestConfiguration by the invocation that finds the
 * flags due, never sooner than the poll interval AppConfig returned.
 *
 * <p>Before the first successful fetch the configured safe default serves. A failed fetch or an
 * invalid document keeps the last good flags: WARN once per failure streak, a metric every time.
 * An empty configuration in the answer means "unchanged since your last token".
 */
public final class FlagPoller {
    private final AppConfigDataClient client;
    private final CutoverConfig config;
    private final Telemetry telemetry;
    private final LongSupplier nanoTime;
    private final ReentrantLock fetching = new ReentrantLock();

    private volatile RoutingFlags flags;
    private volatile long nextPollNanos;
    private volatile long lastGoodNanos;
    private String token;
    private boolean failing;
    /** The last document AppConfig sent was invalid: "unchanged" answers after it do not confirm our flags. */
    private boolean lastDocumentInvalid;

    public FlagPoller(AppConfigDataClient client, CutoverConfig config, RoutingFlags safeDefault, Telemetry telemetry,
            LongSupplier nanoTime) {
        this.client = client;
        this.config = config;
        this.telemetry = telemetry;
        this.nanoTime = nanoTime;
        this.flags = safeDefault;
        this.lastGoodNanos = nanoTime.getAsLong();
        this.nextPollNanos = lastGoodNanos;
        refreshIfDue();
    }

    /** The flags to route with now; fetches them first when due (one caller fetches, the others use the current ones). */
    public RoutingFlags current() {
        if (nanoTime.getAsLong() - nextPollNanos >= 0 && fetching.tryLock()) {
            try {
                if (nanoTime.getAsLong() - nextPollNanos >= 0) {
                    fetch();
                }
            } finally {
                fetching.unlock();
            }
        }
        return flags;
    }

    /** Milliseconds since AppConfig last confirmed the flags (or since init, before the first fetch). */
    public long ageMillis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - lastGoodNanos);
    }

    private void refreshIfDue() {
        fetching.lock();
        try {
            fetch();
        } finally {
            fetching.unlock();
        }
    }

    private void fetch() {
        AppConfigLocation location = config.appConfig();
        long intervalNanos = location.pollInterval().toNanos();
        try {
            if (token == null) {
                token = client.startConfigurationSession(b -> b.applicationIdentifier(location.application())
                        .environmentIdentifier(location.environment()).configurationProfileIdentifier(location.profile())
                        .requiredMinimumPollIntervalInSeconds((int) Math.max(1, location.pollInterval().toSeconds())))
                        .initialConfigurationToken();
            }
            GetLatestConfigurationResponse r = client.getLatestConfiguration(b -> b.configurationToken(token));
            token = r.nextPollConfigurationToken();
            if (r.nextPollIntervalInSeconds() != null && r.nextPollIntervalInSeconds() > 0) {
                intervalNanos = TimeUnit.SECONDS.toNanos(r.nextPollIntervalInSeconds());
            }
            byte[] body = r.configuration() == null ? new byte[0] : r.configuration().asByteArray();
            if (body.length == 0 && lastDocumentInvalid) {
                return; // still the invalid version: keep failing (already counted) until a valid one is deployed
            }
            if (body.length > 0) {
                RoutingFlags fetched;
                try {
                    fetched = RoutingFlags.fromEvaluated(new String(body, StandardCharsets.UTF_8), config);
                } catch (ConfigException e) {
                    lastDocumentInvalid = true;
                    throw e;
                }
                lastDocumentInvalid = false;
                if (!fetched.equals(flags)) {
                    flags = fetched;
                    telemetry.info("flags_changed", Map.of("version", String.valueOf(r.versionLabel()),
                            "killSwitch", fetched.killSwitch()));
                }
            }
            lastGoodNanos = nanoTime.getAsLong();
            if (failing) {
                failing = false;
                telemetry.info("flags_fetch_recovered", Map.of());
            }
        } catch (ConfigException e) {
            failed("invalid flags document: " + e.getMessage());
        } catch (BadRequestException | ResourceNotFoundException e) {
            token = null; // token expired or the session no longer exists: start a new session next time
            failed(e.getClass().getSimpleName() + ": " + e.awsErrorDetails().errorMessage());
        } catch (SdkException e) {
            failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            nextPollNanos = nanoTime.getAsLong() + intervalNanos;
        }
    }

    private void failed(String reason) {
        if (!failing) {
            failing = true;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("reason", reason);
            fields.put("action", "serving the last good flags (or the safe default) until AppConfig answers again");
            telemetry.warn("flags_fetch_failed", Telemetry.FLAG_FETCH_ERRORS, null, fields);
        } else {
            telemetry.countOnly(Telemetry.FLAG_FETCH_ERRORS, null);
        }
    }
}
