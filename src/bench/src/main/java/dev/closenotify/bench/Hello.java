package dev.closenotify.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The small non-TLS program whose whole-process start-up is timed: a few collections, a stream
 * with lambdas, a formatted line on stdout. No network, no TLS, nothing that can block.
 */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        List<String> words = new ArrayList<>(List.of("close", "notify", "agent", "truncation",
                "hello", "record", "alert"));
        Collections.sort(words);
        Map<Integer, Long> byLength = words.stream()
                .collect(Collectors.groupingBy(String::length, TreeMap::new, Collectors.counting()));
        System.out.println(String.format("hello %s %s", words, byLength));
    }
}
