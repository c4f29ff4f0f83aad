package io.mailmesh.orders;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The JSON key of a component of an {@link ExtensionOrder} record when it is not the component's name in
 * snake_case, and whether it may be absent.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface WireKey {
    /** The key on the wire; empty for the component's name in snake_case. */
    String value() default "";

    /** True when the key may be absent (the component is then null); a present value must still be a string. */
    boolean optional() default false;
}
