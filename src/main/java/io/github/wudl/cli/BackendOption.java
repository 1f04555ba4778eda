package io.github.wudl.cli;

import io.github.wudl.windows.WindowsBackend;
import io.github.wudl.wua.WuaException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --backend portable|wua}, shared by search, download and run (a picocli mixin). The portable backend
 * (a catalog, wudl's own transfers) is the default; {@code wua} drives the machine's Windows Update Agent and
 * is only ever used when asked for (SPEC §2). Off Windows, {@code wua} is refused before anything starts.
 */
final class BackendOption {
    enum Backend {
        PORTABLE,
        WUA
    }

    @Option(
            names = "--backend",
            paramLabel = "portable|wua",
            defaultValue = "portable",
            converter = BackendConverter.class,
            description = "portable (default): updates from --catalog, fetched by wudl; wua: the Windows Update Agent"
                    + " of this machine (Windows only).")
    Backend backend = Backend.PORTABLE;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    boolean wua() {
        return backend == Backend.WUA;
    }

    /**
     * Checks the catalog against the backend, and WUA's availability: a catalog is required by the portable
     * backend and refused by WUA, which searches its own update service.
     */
    void check(String catalog) {
        check(catalog, true);
    }

    /** As {@link #check(String)}; {@code catalogRequired} false where the portable backend can do without one. */
    void check(String catalog, boolean catalogRequired) {
        if (!wua()) {
            if (catalog == null && catalogRequired) {
                String help = mixee == null ? "" : " (see '" + mixee.qualifiedName() + " --help')";
                throw new UsageError("Missing required option: '--catalog=C': a catalog.json path or an http(s) URL,"
                        + " or --backend wua on Windows to use the Windows Update Agent" + help);
            }
            return;
        }
        try {
            WindowsBackend.checkAvailable();
        } catch (WuaException e) {
            throw new UsageError(e.detail(), e);
        }
        if (catalog != null) {
            throw new UsageError("--catalog is for the portable backend; with --backend wua the Windows Update Agent"
                    + " searches its own update service (leave --catalog out)");
        }
    }

    /** The chosen backend: the environment's for catalogs (portable), or the machine's WUA. */
    io.github.wudl.backend.Backend backend(CliEnvironment env) {
        return wua() ? WindowsBackend.INSTANCE : env.catalogBackend();
    }

    static final class BackendConverter implements ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "portable":
                    return Backend.PORTABLE;
                case "wua":
                    return Backend.WUA;
                default:
                    throw new TypeConversionException("'" + value + "' is not a backend; use portable or wua");
            }
        }
    }
}
