package dev.cutover.sandbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: one {@link Sandbox} per test class, on a free port, closed after the class. Faults are
 * cleared after each test. Test methods and constructors may take a {@link Sandbox} parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();
 *
 * @Test
 * void getItem_whenRoleLacksPermission_isDenied(Sandbox sandbox) { ... SANDBOX.sandbox().endpoint() ... }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the sandbox lives for the whole class (nested classes share it).
 */
public final class SandboxExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, ParameterResolver {

    private final SandboxConfig config;
    private Sandbox sandbox;
    private String ownerContextId;

    private SandboxExtension(SandboxConfig config) {
        this.config = config;
    }

    public static SandboxExtension withDefaults() {
        return new SandboxExtension(SandboxConfig.defaults());
    }

    public static SandboxExtension with(SandboxConfig config) {
        return new SandboxExtension(config);
    }

    /** The running sandbox (available from {@code @BeforeAll} methods on). */
    public Sandbox sandbox() {
        if (sandbox == null) {
            throw new SandboxException("the sandbox is not running: register SandboxExtension with @RegisterExtension on a static field");
        }
        return sandbox;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (sandbox == null) {
            sandbox = Sandbox.start(config);
            ownerContextId = context.getUniqueId();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (sandbox != null && context.getUniqueId().equals(ownerContextId)) {
            try {
                sandbox.close();
            } finally {
                sandbox = null;
                ownerContextId = null;
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (sandbox != null) {
            sandbox.faults().clear();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return sandbox();
    }
}
