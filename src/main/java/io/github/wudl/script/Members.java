package io.github.wudl.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * The member table of one facade type: names looked up without regard to case, as IDispatch's GetIDsOfNames
 * does, so {@code update.title}, {@code update.Title} and {@code update.TITLE} are one member. Built once per
 * type and shared by every instance; immutable.
 */
final class Members {
    /** One member: a property (getter, optional setter) or a method. */
    record Member(
            String name,
            Function<Object, Object> getter,
            BiConsumer<Object, Value> setter,
            BiFunction<Object, Value[], Object> method) {
        boolean isMethod() {
            return method != null;
        }
    }

    private final Map<String, Member> byLowerName;
    private final String[] visibleNames;
    private final String typeName;

    private Members(String typeName, Map<String, Member> byLowerName, List<String> visibleNames) {
        this.typeName = typeName;
        this.byLowerName = byLowerName;
        this.visibleNames = visibleNames.toArray(String[]::new);
    }

    /** A builder for the members of facades of type {@code T}, named {@code typeName} in messages (IUpdate). */
    static <T> Builder<T> of(String typeName) {
        return new Builder<>(typeName);
    }

    Member find(String name) {
        return byLowerName.get(name.toLowerCase(Locale.ROOT));
    }

    /** The interface name shown in messages, e.g. {@code IUpdate}. */
    String typeName() {
        return typeName;
    }

    /** The names scripts may enumerate (hidden members such as {@code then} are left out). */
    ProxyArray keys() {
        return ProxyArray.fromArray((Object[]) visibleNames);
    }

    /** Builder; each {@code T} is the facade (or value) the member functions receive. */
    static final class Builder<T> {
        private final String typeName;
        private final Map<String, Member> members = new HashMap<>();
        private final List<String> visible = new ArrayList<>();

        private Builder(String typeName) {
            this.typeName = typeName;
        }

        /** A read-only property. */
        Builder<T> get(String name, Function<T, Object> getter) {
            return add(name, getter, null, null, true);
        }

        /** A read-write property; the setter gets the script's value unconverted. */
        Builder<T> prop(String name, Function<T, Object> getter, BiConsumer<T, Value> setter) {
            return add(name, getter, setter, null, true);
        }

        /** A method; it gets the script's arguments unconverted (missing ones are simply absent). */
        Builder<T> method(String name, BiFunction<T, Value[], Object> method) {
            return add(name, null, null, method, true);
        }

        /** A method scripts can call but that enumeration does not show ({@code then}, {@code toString}). */
        Builder<T> hiddenMethod(String name, BiFunction<T, Value[], Object> method) {
            return add(name, null, null, method, false);
        }

        @SuppressWarnings("unchecked")
        private Builder<T> add(
                String name,
                Function<T, Object> getter,
                BiConsumer<T, Value> setter,
                BiFunction<T, Value[], Object> method,
                boolean show) {
            Member m = new Member(
                    name,
                    (Function<Object, Object>) (Function<?, ?>) getter,
                    (BiConsumer<Object, Value>) (BiConsumer<?, ?>) setter,
                    (BiFunction<Object, Value[], Object>) (BiFunction<?, ?, ?>) method);
            if (members.put(name.toLowerCase(Locale.ROOT), m) != null) {
                throw new IllegalStateException(typeName + "." + name + " is declared twice");
            }
            if (show) {
                visible.add(name);
            }
            return this;
        }

        Members build() {
            return new Members(typeName, Map.copyOf(members), visible);
        }
    }
}
