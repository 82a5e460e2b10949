package io.mgmtbus.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean's method an action of the application's node, named {@link #value()} (Zeek's
 * dispatch table entry). The method takes the request's arguments ({@code List<String>}, the
 * action vector without its name) or nothing, and returns the payload, which the node writes as
 * JSON into the Result; throwing {@link io.mgmtbus.node.action.ActionError} (checked: declare it) answers with that
 * message as the error, any other exception with the exception's name and message.
 *
 * <pre>{@code
 * @Component
 * class Disks {
 *     @ManagedAction("disk_free")
 *     long free(List<String> args) { return new File(args.get(0)).getFreeSpace(); }
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ManagedAction {

    /** The action's name, as requests name it in {@code action[0]}. */
    String value();
}
