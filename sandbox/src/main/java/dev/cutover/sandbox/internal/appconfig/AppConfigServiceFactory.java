package dev.cutover.sandbox.internal.appconfig;

import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.util.List;

/**
 * The AppConfig control plane and AppConfigData, sharing one store. Both sign as "appconfig";
 * the data plane takes {@code POST /configurationsessions} and {@code GET /configuration}, the
 * control plane everything else. Settings come from system properties, see {@link AppConfigSettings}.
 */
public final class AppConfigServiceFactory implements AwsServiceFactory {

    @Override
    public List<AwsService> create(SandboxContext context) {
        AppConfigStore store = new AppConfigStore(context.clock(), AppConfigSettings.from(System::getProperty));
        return List.of(new AppConfigDataService(store), new AppConfigControlPlaneService(store));
    }
}
