package dev.provisioning.contracts;

import java.util.ArrayList;
import java.util.List;

/** Collects the broken field rules of one request, in the order they were found. */
public final class Violations {
    /** Upper bound on collected violations, so a hostile request cannot grow a huge result. */
    public static final int MAX_VIOLATIONS = 50;

    private final List<Violation> list = new ArrayList<>();

    /** Adds one violation; those past {@link #MAX_VIOLATIONS} are dropped. */
    public void add(String field, String description) {
        if (list.size() < MAX_VIOLATIONS) {
            list.add(new Violation(field, description));
        }
    }

    /** Tells whether no rule was broken. */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Returns an immutable copy of the violations. */
    public List<Violation> toList() {
        return List.copyOf(list);
    }
}
