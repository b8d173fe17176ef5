package dev.cutover.sandbox.internal.ssm;

import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.util.Arrays;
import java.util.List;

/**
 * Creates the SSM Parameter Store stand-in. Found by {@link java.util.ServiceLoader} through the no-argument
 * constructor, which reads two optional system properties:
 * <ul>
 *   <li>{@value #PUT_PARAMETER_RATE_PROPERTY}: PutParameter calls per second per account; above it callers get
 *       ThrottlingException. Default 0: no limit (fault injection throttles on demand). AWS's default
 *       PutParameter quota is a few calls per second, so 3 makes a migration meet a realistic cap.</li>
 *   <li>{@value #KMS_ALIASES_PROPERTY}: comma-separated customer KMS aliases every account has besides
 *       {@code alias/aws/ssm}. Default {@value #DEFAULT_CUSTOMER_ALIAS}.</li>
 * </ul>
 * Key ids and ARNs follow {@link SandboxKmsKeys}.
 */
public final class SsmServiceFactory implements AwsServiceFactory {

    public static final String PUT_PARAMETER_RATE_PROPERTY = "cutover.sandbox.ssm.putParameterRate";
    public static final String KMS_ALIASES_PROPERTY = "cutover.sandbox.kms.aliases";
    public static final String DEFAULT_CUSTOMER_ALIAS = "alias/cutover";

    private final double putParameterRate;
    private final List<String> customerKeyAliases;

    /** For ServiceLoader: options from system properties, else no rate limit and the alias {@value #DEFAULT_CUSTOMER_ALIAS}. */
    public SsmServiceFactory() {
        this(rateFromProperty(), aliasesFromProperty());
    }

    /**
     * @param putParameterRate PutParameter calls per second per account, 0 for no limit
     * @param customerKeyAliases KMS aliases (alias/NAME) every account has besides alias/aws/ssm
     */
    public SsmServiceFactory(double putParameterRate, List<String> customerKeyAliases) {
        new PutParameterRateLimiter(putParameterRate); // validates
        new LocalKms(customerKeyAliases); // validates
        this.putParameterRate = putParameterRate;
        this.customerKeyAliases = List.copyOf(customerKeyAliases);
    }

    @Override
    public List<AwsService> create(SandboxContext context) {
        return List.of(new SsmService(context, new LocalKms(customerKeyAliases), new PutParameterRateLimiter(putParameterRate)));
    }

    private static double rateFromProperty() {
        String raw = System.getProperty(PUT_PARAMETER_RATE_PROPERTY, "0").trim();
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("System property " + PUT_PARAMETER_RATE_PROPERTY
                    + " must be a number of calls per second (0 for no limit), but was '" + raw + "'", e);
        }
    }

    private static List<String> aliasesFromProperty() {
        String raw = System.getProperty(KMS_ALIASES_PROPERTY, DEFAULT_CUSTOMER_ALIAS);
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
