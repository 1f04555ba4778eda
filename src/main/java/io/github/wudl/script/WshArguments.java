package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * WScript.Arguments as WSH parses them: every argument in order (Item, Count(), {@code length}), and its two
 * views, {@code Named} and {@code Unnamed}. An argument that starts with {@code /} is named: {@code /name:value}
 * gives {@code Named("name") == "value"} (the value is everything after the first colon), a bare {@code /flag}
 * is there with an empty value ({@code Named.Exists("flag")}, {@code Named("flag")} is undefined); names are
 * compared without case and the last of a repeated name wins. Every other argument is unnamed, in order.
 */
final class WshArguments extends CollectionDispatch {
    private static final Members ARGUMENTS = Members.<WshArguments>of("IArguments")
            .method("Item", WshArguments::item)
            .method("Count", (a, x) -> a.size())
            .get("length", WshArguments::size)
            .get("Named", a -> a.named)
            .get("Unnamed", a -> a.unnamed)
            .method("ShowUsage", (a, x) -> {
                a.realm.out.println(a.usage.isEmpty() ? "Usage: " + a.realm.script.path.getFileName() : a.usage);
                a.realm.out.flush();
                return null;
            })
            .build();

    private final List<String> all;
    private final Named named;
    /** WScript.Arguments.Unnamed (WshUnnamed): as Arguments itself, Item(i), Count(), length, (i), [i]. */
    private final ListFacade unnamed;

    private final String usage;

    WshArguments(Realm realm, List<String> args, String usage) {
        super(realm, ARGUMENTS);
        this.all = List.copyOf(args);
        Map<String, String> names = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            if (a.length() > 1 && a.charAt(0) == '/') {
                int colon = a.indexOf(':');
                String name = colon < 0 ? a.substring(1) : a.substring(1, colon);
                names.remove(name.toLowerCase(Locale.ROOT));
                names.put(name.toLowerCase(Locale.ROOT), colon < 0 ? null : a.substring(colon + 1));
            } else {
                positional.add(a);
            }
        }
        this.named = new Named(realm, names);
        this.unnamed = ListFacade.arguments(realm, positional);
        this.usage = usage;
    }

    @Override
    int size() {
        return all.size();
    }

    @Override
    Object at(int index) {
        return all.get(index);
    }

    /** WScript.Arguments.Named (WshNamed). */
    static final class Named extends Dispatch implements org.graalvm.polyglot.proxy.ProxyExecutable {
        private static final Members MEMBERS = Members.<Named>of("IWshNamed")
                .method("Item", (n, a) -> n.value(Args.toStringOrNull(Args.at(a, 0))))
                .method("Exists", (n, a) -> n.has(Args.toStringOrNull(Args.at(a, 0))))
                .method("Count", (n, a) -> n.values.size())
                .get("length", n -> n.values.size())
                .build();

        private final Map<String, String> values;

        Named(Realm realm, Map<String, String> values) {
            super(realm, MEMBERS);
            this.values = values;
        }

        private boolean has(String name) {
            return name != null && values.containsKey(name.toLowerCase(Locale.ROOT));
        }

        private Object value(String name) {
            if (name == null) {
                throw new WuaException(HResult.E_INVALIDARG, "Named(name): give the name of a /name:value argument");
            }
            String v = values.get(name.toLowerCase(Locale.ROOT));
            return v == null ? realm.undefined() : v; // absent, or a bare /flag: VT_EMPTY
        }

        @Override
        public Object execute(org.graalvm.polyglot.Value... args) {
            return realm.call(() -> value(Args.toStringOrNull(Args.at(args, 0))));
        }
    }
}
