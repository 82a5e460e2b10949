package io.mgmtbus.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service that is also a managed node: the starter reads {@code mgmt.node.*} from
 * application.properties (or {@code MGMT_NODE_NAME}, ...), turns {@link InventoryActions}' methods
 * into actions, and shows the node in {@code /actuator/health}.
 */
@SpringBootApplication
public class SpringNodeExample {

    public static void main(String[] args) {
        SpringApplication.run(SpringNodeExample.class, args);
    }
}
