/**
 * The sandbox's AppConfig control plane and AppConfigData stand-ins, registered with the edge by
 * {@link dev.cutover.sandbox.internal.appconfig.AppConfigServiceFactory} (ServiceLoader).
 *
 * <h2>Wire</h2>
 * Both services sign as {@code appconfig} (the SDK's AppConfigDataClient uses that signing name too)
 * and speak REST-JSON. AppConfigData serves {@code POST /configurationsessions} and
 * {@code GET /configuration}; the control plane serves every other path. Errors are
 * {@code BadRequestException} (400), {@code ResourceNotFoundException} (404), {@code ConflictException}
 * (409), {@code PayloadTooLargeException} (413); the modelled members AWS sends with them
 * ({@code Reason}/{@code Details} of BadRequestException, {@code ResourceType} of AppConfigData's
 * ResourceNotFoundException) are filled, so SDK callers can read them.
 *
 * <h2>Control plane</h2>
 * Create/Get/List of applications, environments, configuration profiles ({@code LocationUri}
 * "hosted", {@code Type} AWS.Freeform or AWS.AppConfig.FeatureFlags), hosted configuration versions
 * and deployment strategies (the four predefined {@code AppConfig.*} strategies exist in every
 * account with their names as ids); StartDeployment, GetDeployment, ListDeployments, StopDeployment.
 * Versions of FeatureFlags profiles are validated ({@link dev.cutover.sandbox.internal.appconfig.FeatureFlagsValidator})
 * and a bad document is refused with a message naming the flag, the attribute and the rule.
 * IAM actions are {@code appconfig:<Operation>} on the AppConfig ARNs of the resource the path names
 * ({@code application/APP}, {@code application/APP/environment/ENV},
 * {@code application/APP/configurationprofile/PROF}, {@code .../deployment/N},
 * {@code deploymentstrategy/ID}; {@code application/*} and {@code deploymentstrategy/*} for creates
 * and lists at the top level).
 *
 * <h2>Deployments</h2>
 * A deployment's state is computed from the clock: the rollout reaches each growth step at an even
 * share of DeploymentDurationInMinutes (LINEAR: +GrowthFactor% per step; EXPONENTIAL: doubling from
 * GrowthFactor%), then BAKING for FinalBakeTimeInMinutes, then COMPLETE. A strategy of 0 minutes and
 * no bake completes within StartDeployment. Only one deployment per environment may be DEPLOYING
 * (ConflictException otherwise); starting one while another is BAKING completes the baking one early.
 * Simplification: AppConfigData serves a deployment's version to every client once it reached all
 * targets (BAKING or COMPLETE), and to none before; AWS would serve it to the growing percentage of
 * clients while DEPLOYING. ROLLED_BACK and REVERTED deployments are skipped, so the previous version
 * is served again.
 *
 * <h2>AppConfigData</h2>
 * Sessions take names or ids. GetLatestConfiguration returns the evaluated flags for FeatureFlags
 * profiles ({@link dev.cutover.sandbox.internal.appconfig.FeatureFlagsEvaluator}) and the stored
 * bytes with their content type for freeform ones; an empty body when the session's client already
 * has that version. A token works once (reuse: BadRequestException, problem Expired), for 24 hours,
 * and not before the poll interval has passed since it was issued (problem PollIntervalNotSatisfied,
 * the token stays usable); unknown tokens are Corrupted. IAM: {@code appconfig:StartConfigurationSession}
 * and {@code appconfig:GetLatestConfiguration} on
 * {@code arn:aws:appconfig:REGION:ACCOUNT:application/APP/environment/ENV/configuration/PROF}.
 *
 * <h2>Settings (system properties, read when the sandbox starts)</h2>
 * <ul>
 *   <li>{@code cutover.sandbox.appconfig.defaultPollIntervalSeconds} (default 60): the interval given
 *       to sessions that do not ask for one; sessions may ask for {@code min(15, this)}..86400
 *       seconds. Tests set 1.</li>
 *   <li>{@code cutover.sandbox.appconfig.deploymentMinuteMillis} (default 60000): the real length of
 *       one strategy minute, to watch stepwise deployments in tests.</li>
 * </ul>
 *
 * <p>Not implemented: updates and deletes, tags, extensions, KMS, validators' enforcement (they are
 * stored and returned), non-hosted locations, multi-variant flags, alarms/monitors (stored only).
 */
package dev.cutover.sandbox.internal.appconfig;
