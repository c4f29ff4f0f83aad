package io.mailmesh.examples.echo;

import io.mailmesh.examples.ExampleRoutes;
import io.mailmesh.mesh.handler.HandlerBinding;
import io.mailmesh.mesh.handler.HandlerSet;
import io.mailmesh.orders.Reply;
import java.util.List;
import java.util.Map;

/** Identified echo: answers the text back to the caller its credentials prove. */
public final class IdentifiedEcho implements HandlerSet {
    @Override
    public List<HandlerBinding<?>> bindings() {
        return List.of(HandlerBinding.of(ExampleRoutes.ECHO, Echo.KIND, (echo, context) -> {
            String caller = Caller.of(context.replyTo());
            return Reply.ok("hello " + caller + ": " + echo.text(), Map.of("caller", caller));
        }));
    }
}
