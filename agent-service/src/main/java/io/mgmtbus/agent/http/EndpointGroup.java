package io.mgmtbus.agent.http;

import io.javalin.router.Endpoint;
import java.util.List;

/**
 * One group of the agent's endpoints. {@link AgentServer} serves exactly the routes the groups
 * list, so the list is the API's route table, which a test holds against {@code openapi.json}.
 */
interface EndpointGroup {

    List<Endpoint> endpoints();
}
