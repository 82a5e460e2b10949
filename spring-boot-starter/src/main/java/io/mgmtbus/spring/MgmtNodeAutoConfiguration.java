package io.mgmtbus.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the application a managed node ({@code mgmt.node.enabled}, default true): its
 * {@link ManagedAction} methods become actions; with Actuator, its health shows the node's; with
 * a Micrometer registry (Actuator's, for one), the node's metrics go there.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"
        })
@EnableConfigurationProperties({MgmtNodeProperties.class, MgmtNodeProperties.Bus.class})
@ConditionalOnProperty(prefix = "mgmt.node", name = "enabled", matchIfMissing = true)
public class MgmtNodeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ManagedNodeLifecycle managedNode(
            MgmtNodeProperties properties,
            MgmtNodeProperties.Bus bus,
            ApplicationContext context,
            ObjectProvider<MeterRegistry> meters) {
        return new ManagedNodeLifecycle(properties, bus, context, meters.getIfAvailable());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "managedNodeHealthIndicator")
        public ManagedNodeHealthIndicator managedNodeHealthIndicator(ManagedNodeLifecycle node) {
            return new ManagedNodeHealthIndicator(node);
        }
    }
}
