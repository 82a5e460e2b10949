package io.mgmtbus.spring;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.targeting.Labels;
import io.mgmtbus.node.ManagedNode;
import io.mgmtbus.node.action.Action;
import io.mgmtbus.node.action.BuiltInActions;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The application's node: started once every other bean is (so its actions can run at once),
 * stopped first, leaving with a tombstone hello. Its actions are the built-in ones and every
 * {@link ManagedAction} method of the application's beans.
 */
public class ManagedNodeLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ManagedNodeLifecycle.class);

    private final MgmtNodeProperties properties;
    private final MgmtNodeProperties.Bus bus;
    private final ApplicationContext context;
    private final MeterRegistry meters;
    private volatile ManagedNode node;

    public ManagedNodeLifecycle(
            MgmtNodeProperties properties,
            MgmtNodeProperties.Bus bus,
            ApplicationContext context,
            MeterRegistry meters) {
        this.properties = properties;
        this.bus = bus;
        this.context = context;
        this.meters = meters;
    }

    @Override
    public void start() {
        if (properties.getName() == null || properties.getName().isBlank()) {
            throw new IllegalStateException("mgmt.node.name (or MGMT_NODE_NAME) is required to run the application's"
                    + " node; set mgmt.node.enabled=false to run without one");
        }
        ManagedNode.Builder builder = ManagedNode.builder(busConfig(), properties.getName())
                .delivery(properties.getDelivery())
                .heartbeat(properties.getHeartbeat())
                .actionTimeLimit(properties.getActionTimeout());
        if (properties.getInstance() != null && !properties.getInstance().isBlank()) {
            builder.instance(properties.getInstance());
        }
        for (String label : properties.getLabels().split(",")) {
            if (!label.isBlank()) {
                Map.Entry<String, String> parsed = Labels.parse(label.strip());
                builder.label(parsed.getKey(), parsed.getValue());
            }
        }
        managedActions().forEach(builder::action);
        if (meters != null) {
            builder.meterRegistry(meters);
        }
        node = builder.start();
    }

    /** The bus as {@code mgmt.bus.*} says, each unset one from the variables every role reads. */
    private BusConfig busConfig() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(BusConfig.BOOTSTRAP_SERVERS, bus.getBootstrapServers());
        overrides.put(BusConfig.SCHEMA_REGISTRY_URL, bus.getSchemaRegistryUrl());
        overrides.put(BusConfig.TOPIC_PREFIX, bus.getTopicPrefix());
        String commandConfig = bus.getCommandConfig() != null
                ? bus.getCommandConfig().toString()
                : System.getenv("MGMT_COMMAND_CONFIG");
        java.nio.file.Path settings =
                commandConfig == null || commandConfig.isBlank() ? null : java.nio.file.Path.of(commandConfig);
        return BusConfig.resolve(null, settings, System.getenv(), overrides);
    }

    /**
     * Every {@link ManagedAction} method of the context's singletons, by action name, found on the
     * class behind any proxy (as Spring's own {@code @EventListener} processing does).
     */
    private Map<String, Action> managedActions() {
        ConfigurableListableBeanFactory beans = ((ConfigurableApplicationContext) context).getBeanFactory();
        Map<String, Action> actions = new HashMap<>();
        for (String beanName : beans.getBeanNamesForType(Object.class, false, false)) {
            Class<?> type = AutoProxyUtils.determineTargetClass(beans, beanName);
            if (type == null || type == ManagedNodeLifecycle.class) {
                continue;
            }
            Map<Method, ManagedAction> methods =
                    MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<ManagedAction>)
                            method -> AnnotatedElementUtils.findMergedAnnotation(method, ManagedAction.class));
            methods.forEach((method, annotation) -> {
                String name = annotation.value();
                if (BuiltInActions.NAMES.contains(name)) {
                    throw new IllegalStateException("@ManagedAction " + type.getSimpleName() + "." + method.getName()
                            + " is named '" + name + "', a built-in action of every node");
                }
                if (actions.put(name, action(context.getBean(beanName), method)) != null) {
                    throw new IllegalStateException("two @ManagedAction methods are named '" + name + "'");
                }
                log.info("action {} is {}.{}", name, type.getSimpleName(), method.getName());
            });
        }
        return actions;
    }

    private static Action action(Object bean, Method declared) {
        Method method = AopUtils.selectInvocableMethod(declared, bean.getClass());
        int parameters = method.getParameterCount();
        if (parameters > 1 || (parameters == 1 && !List.class.isAssignableFrom(method.getParameterTypes()[0]))) {
            throw new IllegalStateException(
                    "@ManagedAction " + method + " must take List<String> (the arguments) or" + " nothing");
        }
        method.setAccessible(true);
        return args -> {
            try {
                return parameters == 1 ? method.invoke(bean, args) : method.invoke(bean);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        };
    }

    @Override
    public void stop() {
        ManagedNode running = node;
        node = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public boolean isRunning() {
        return node != null;
    }

    /** Last to start, first to stop: the node answers only while the application is whole. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    /** The running node, or null before start and after stop. */
    public ManagedNode node() {
        return node;
    }
}
