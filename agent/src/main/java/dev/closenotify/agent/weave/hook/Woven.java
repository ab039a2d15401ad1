package dev.closenotify.agent.weave.hook;

import java.util.List;

/**
 * What a weaver made of one class; {@code bytes} null means the class is left as it was.
 *
 * @param problems what could not be applied and why, each said once by the transformer
 */
public record Woven(byte[] bytes, boolean hookApplied, boolean trackingApplied,
        List<String> problems) {
}
