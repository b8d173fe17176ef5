package dev.cutover.sandbox.internal.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The AppConfig resources of one account. Every method is {@code synchronized}: control-plane calls
 * are rare and small, and one lock per account keeps the invariants (one deployment in progress
 * per environment, version numbers without gaps) obvious.
 */
final class AppConfigAccount {

    private final String accountId;
    private final Clock clock;
    private final Duration deploymentMinute;
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final Map<String, Environment> environments = new LinkedHashMap<>();
    private final Map<String, ConfigurationProfile> profiles = new LinkedHashMap<>();
    /** key: profileId → versions in order. */
    private final Map<String, List<HostedConfigurationVersion>> versions = new LinkedHashMap<>();
    private final Map<String, DeploymentStrategy> strategies = new LinkedHashMap<>();
    /** key: environmentId → deployments in order of number. */
    private final Map<String, List<Deployment>> deployments = new LinkedHashMap<>();

    AppConfigAccount(String accountId, Clock clock, Duration deploymentMinute) {
        this.accountId = accountId;
        this.clock = clock;
        this.deploymentMinute = deploymentMinute;
        DeploymentStrategy.PREDEFINED.forEach(s -> strategies.put(s.id(), s));
    }

    String accountId() {
        return accountId;
    }

    // ---- applications

    synchronized Application createApplication(String name, String description) {
        Application application = new Application(unusedId(applications), name, description);
        applications.put(application.id(), application);
        return application;
    }

    synchronized Application application(String id) {
        Application application = applications.get(id);
        if (application == null) {
            throw AppConfigError.notFound("Application " + id + " not found in account " + accountId
                    + "; list them with ListApplications (control-plane calls take the 7-character id, not the name)");
        }
        return application;
    }

    synchronized List<Application> applications() {
        return List.copyOf(applications.values());
    }

    // ---- environments

    synchronized Environment createEnvironment(String applicationId, String name, String description, JsonNode monitors) {
        application(applicationId);
        Environment environment = new Environment(applicationId, unusedId(environments), name, description, monitors);
        environments.put(environment.id(), environment);
        return environment;
    }

    synchronized Environment environment(String applicationId, String id) {
        application(applicationId);
        Environment environment = environments.get(id);
        if (environment == null || !environment.applicationId().equals(applicationId)) {
            throw AppConfigError.notFound("Environment " + id + " not found in application " + applicationId
                    + "; list them with ListEnvironments");
        }
        return environment;
    }

    synchronized List<Environment> environments(String applicationId) {
        application(applicationId);
        return environments.values().stream().filter(e -> e.applicationId().equals(applicationId)).toList();
    }

    /** READY_FOR_DEPLOYMENT, DEPLOYING (a deployment is rolling out or baking), ROLLED_BACK or REVERTED. */
    synchronized String environmentState(String environmentId) {
        List<Deployment> list = deployments.getOrDefault(environmentId, List.of());
        if (list.isEmpty()) {
            return "READY_FOR_DEPLOYMENT";
        }
        String state = progress(list.get(list.size() - 1)).state();
        return switch (state) {
            case DeploymentProgress.DEPLOYING, DeploymentProgress.BAKING -> "DEPLOYING";
            case DeploymentProgress.ROLLED_BACK, DeploymentProgress.REVERTED -> state;
            default -> "READY_FOR_DEPLOYMENT";
        };
    }

    // ---- configuration profiles

    synchronized ConfigurationProfile createConfigurationProfile(String applicationId, String name, String description,
            String locationUri, String type, JsonNode validators, String retrievalRoleArn) {
        application(applicationId);
        ConfigurationProfile profile = new ConfigurationProfile(applicationId, unusedId(profiles), name, description, locationUri,
                type, validators, retrievalRoleArn);
        profiles.put(profile.id(), profile);
        versions.put(profile.id(), new ArrayList<>());
        return profile;
    }

    synchronized ConfigurationProfile configurationProfile(String applicationId, String id) {
        application(applicationId);
        ConfigurationProfile profile = profiles.get(id);
        if (profile == null || !profile.applicationId().equals(applicationId)) {
            throw AppConfigError.notFound("Configuration profile " + id + " not found in application " + applicationId
                    + "; list them with ListConfigurationProfiles");
        }
        return profile;
    }

    synchronized List<ConfigurationProfile> configurationProfiles(String applicationId, String type) {
        application(applicationId);
        return profiles.values().stream()
                .filter(p -> p.applicationId().equals(applicationId) && (type == null || type.equals(p.type())))
                .toList();
    }

    // ---- hosted configuration versions

    /**
     * Stores a new version (number = previous + 1). {@code latestVersionNumber}, when given, must
     * equal the current latest number (AppConfig's optimistic lock).
     */
    synchronized HostedConfigurationVersion createHostedConfigurationVersion(String applicationId, String profileId,
            String description, String contentType, String versionLabel, Integer latestVersionNumber, byte[] content) {
        configurationProfile(applicationId, profileId);
        List<HostedConfigurationVersion> list = versions.get(profileId);
        int latest = list.isEmpty() ? 0 : list.get(list.size() - 1).versionNumber();
        if (latestVersionNumber != null && latestVersionNumber != latest) {
            throw AppConfigError.conflict("Latest-Version-Number " + latestVersionNumber + " does not match the latest version "
                    + latest + " of configuration profile " + profileId + "; someone else created a version, re-read and retry");
        }
        if (versionLabel != null && list.stream().anyMatch(v -> versionLabel.equals(v.versionLabel()))) {
            throw AppConfigError.conflict("Version label '" + versionLabel + "' is already used by another version of configuration "
                    + "profile " + profileId + "; version labels must be unique within a profile");
        }
        HostedConfigurationVersion version = new HostedConfigurationVersion(applicationId, profileId, latest + 1, description,
                contentType, versionLabel, content);
        list.add(version);
        return version;
    }

    synchronized HostedConfigurationVersion hostedConfigurationVersion(String applicationId, String profileId, int number) {
        configurationProfile(applicationId, profileId);
        return versions.get(profileId).stream().filter(v -> v.versionNumber() == number).findFirst()
                .orElseThrow(() -> AppConfigError.notFound("Hosted configuration version " + number + " not found in configuration "
                        + "profile " + profileId + "; list them with ListHostedConfigurationVersions"));
    }

    /** Newest first, as AppConfig lists them. */
    synchronized List<HostedConfigurationVersion> hostedConfigurationVersions(String applicationId, String profileId,
            String versionLabel) {
        configurationProfile(applicationId, profileId);
        List<HostedConfigurationVersion> list = new ArrayList<>(versions.get(profileId));
        list.sort(Comparator.comparingInt(HostedConfigurationVersion::versionNumber).reversed());
        return versionLabel == null ? list : list.stream().filter(v -> matchesLabel(v.versionLabel(), versionLabel)).toList();
    }

    private static boolean matchesLabel(String label, String filter) {
        if (label == null) {
            return false;
        }
        return filter.endsWith("*") ? label.startsWith(filter.substring(0, filter.length() - 1)) : label.equals(filter);
    }

    // ---- deployment strategies

    synchronized DeploymentStrategy createDeploymentStrategy(String name, String description, int durationMinutes,
            int finalBakeTimeMinutes, float growthFactor, String growthType, String replicateTo) {
        DeploymentStrategy strategy = new DeploymentStrategy(unusedId(strategies), name, description, durationMinutes,
                finalBakeTimeMinutes, growthFactor, growthType, replicateTo);
        strategies.put(strategy.id(), strategy);
        return strategy;
    }

    synchronized DeploymentStrategy deploymentStrategy(String id) {
        DeploymentStrategy strategy = strategies.get(id);
        if (strategy == null) {
            throw AppConfigError.notFound("Deployment strategy " + id + " not found; list them with ListDeploymentStrategies"
                    + " (predefined ones have ids like AppConfig.AllAtOnce)");
        }
        return strategy;
    }

    synchronized List<DeploymentStrategy> deploymentStrategies() {
        return List.copyOf(strategies.values());
    }

    // ---- deployments

    /**
     * Starts a deployment. Refused with ConflictException while another deployment of the
     * environment is DEPLOYING; one that is BAKING is completed early (its bake ends now).
     */
    synchronized Deployment startDeployment(String applicationId, String environmentId, String strategyId, String profileId,
            String configurationVersion, String description) {
        environment(applicationId, environmentId);
        ConfigurationProfile profile = configurationProfile(applicationId, profileId);
        DeploymentStrategy strategy = deploymentStrategy(strategyId);
        HostedConfigurationVersion version = resolveVersion(profile, configurationVersion);
        List<Deployment> list = deployments.computeIfAbsent(environmentId, k -> new ArrayList<>());
        var now = clock.instant();
        for (int i = 0; i < list.size(); i++) {
            Deployment other = list.get(i);
            DeploymentProgress progress = progress(other);
            if (progress.isDeploying()) {
                throw AppConfigError.conflict("Deployment " + other.deploymentNumber() + " of environment " + environmentId
                        + " is still in progress (" + progress.percentageComplete() + "% deployed); wait for it to finish or stop it"
                        + " with StopDeployment before starting another");
            }
            if (DeploymentProgress.BAKING.equals(progress.state())) {
                list.set(i, other.end(now, DeploymentProgress.COMPLETE));
            }
        }
        Deployment deployment = new Deployment(applicationId, environmentId, list.size() + 1, profileId, profile.name(),
                profile.locationUri(), version.versionNumber(), version.versionLabel(), description, strategy, now, null, null);
        list.add(deployment);
        return deployment;
    }

    private HostedConfigurationVersion resolveVersion(ConfigurationProfile profile, String configurationVersion) {
        List<HostedConfigurationVersion> list = versions.get(profile.id());
        Predicate<HostedConfigurationVersion> byNumberOrLabel = v -> Integer.toString(v.versionNumber()).equals(configurationVersion)
                || configurationVersion.equals(v.versionLabel());
        return list.stream().filter(byNumberOrLabel).findFirst()
                .orElseThrow(() -> AppConfigError.notFound("Configuration version '" + configurationVersion + "' not found in "
                        + "configuration profile " + profile.id() + "; give a version number or label from "
                        + "ListHostedConfigurationVersions"));
    }

    synchronized Deployment deployment(String applicationId, String environmentId, int number) {
        environment(applicationId, environmentId);
        List<Deployment> list = deployments.getOrDefault(environmentId, List.of());
        if (number < 1 || number > list.size()) {
            throw AppConfigError.notFound("Deployment " + number + " not found in environment " + environmentId
                    + "; list them with ListDeployments");
        }
        return list.get(number - 1);
    }

    /** Newest first. */
    synchronized List<Deployment> deployments(String applicationId, String environmentId) {
        environment(applicationId, environmentId);
        List<Deployment> list = new ArrayList<>(deployments.getOrDefault(environmentId, List.of()));
        list.sort(Comparator.comparingInt(Deployment::deploymentNumber).reversed());
        return list;
    }

    /**
     * Stops a DEPLOYING or BAKING deployment (ROLLED_BACK); with {@code allowRevert}, also reverts a
     * COMPLETE one (REVERTED). Either way AppConfigData goes back to the previous served version.
     */
    synchronized Deployment stopDeployment(String applicationId, String environmentId, int number, boolean allowRevert) {
        Deployment deployment = deployment(applicationId, environmentId, number);
        DeploymentProgress progress = progress(deployment);
        String end;
        if (progress.isDeploying() || DeploymentProgress.BAKING.equals(progress.state())) {
            end = DeploymentProgress.ROLLED_BACK;
        } else if (DeploymentProgress.COMPLETE.equals(progress.state()) && allowRevert) {
            end = DeploymentProgress.REVERTED;
        } else {
            throw AppConfigError.badRequest("Deployment " + number + " of environment " + environmentId + " is "
                    + progress.state() + " and cannot be stopped"
                    + (DeploymentProgress.COMPLETE.equals(progress.state()) ? "; set AllowRevert to revert a completed deployment" : ""));
        }
        Deployment stopped = deployment.end(clock.instant(), end);
        deployments.get(environmentId).set(number - 1, stopped);
        return stopped;
    }

    DeploymentProgress progress(Deployment deployment) {
        return deployment.progressAt(clock.instant(), deploymentMinute);
    }

    // ---- data plane

    /** Finds an application by id, or else by name (AppConfigData accepts either). */
    synchronized Optional<Application> findApplication(String idOrName) {
        Application byId = applications.get(idOrName);
        return byId != null ? Optional.of(byId)
                : applications.values().stream().filter(a -> a.name().equals(idOrName)).findFirst();
    }

    synchronized Optional<Environment> findEnvironment(String applicationId, String idOrName) {
        return environments.values().stream().filter(e -> e.applicationId().equals(applicationId))
                .filter(e -> e.id().equals(idOrName)).findFirst()
                .or(() -> environments.values().stream()
                        .filter(e -> e.applicationId().equals(applicationId) && e.name().equals(idOrName)).findFirst());
    }

    synchronized Optional<ConfigurationProfile> findConfigurationProfile(String applicationId, String idOrName) {
        return profiles.values().stream().filter(p -> p.applicationId().equals(applicationId))
                .filter(p -> p.id().equals(idOrName)).findFirst()
                .or(() -> profiles.values().stream()
                        .filter(p -> p.applicationId().equals(applicationId) && p.name().equals(idOrName)).findFirst());
    }

    /**
     * The version AppConfigData serves for a profile in an environment: that of the newest
     * deployment that reached all targets (BAKING or COMPLETE) and was not rolled back or reverted.
     */
    synchronized Optional<HostedConfigurationVersion> servedVersion(String environmentId, String profileId) {
        List<Deployment> list = deployments.getOrDefault(environmentId, List.of());
        for (int i = list.size() - 1; i >= 0; i--) {
            Deployment deployment = list.get(i);
            if (deployment.configurationProfileId().equals(profileId) && progress(deployment).isServed()) {
                int number = deployment.configurationVersion();
                return versions.get(profileId).stream().filter(v -> v.versionNumber() == number).findFirst();
            }
        }
        return Optional.empty();
    }

    private static String unusedId(Map<String, ?> existing) {
        String id = ResourceIds.next();
        while (existing.containsKey(id)) {
            id = ResourceIds.next();
        }
        return id;
    }
}
