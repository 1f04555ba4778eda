package io.jenkins.plugins.wudl;

import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.github.wudl.agent.StepOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code wuScript}: runs a Windows Script Host style JavaScript file from the workspace against the WUA objects
 * (SPEC §5) on the agent of the enclosing {@code node}, in a child JVM: JavaScript is never evaluated on the
 * controller nor in the agent's own JVM. The script's output goes to the build log; the step returns
 * {@code [exitCode: N]} and fails when N is not 0.
 *
 * <pre>wuScript file: 'ci/prepare-image.js', args: ['--edition', 'pro']</pre>
 */
public class WuScriptStep extends Step {
    private final String file;
    private List<String> args = new ArrayList<>();
    private List<String> allowRead = new ArrayList<>();
    private String catalog;
    private String cacheDir;
    private int timeout;
    private String proxyCredentialsId;
    private String language;
    private boolean includeSuperseded;
    private String testOnlyTrustRoot;
    private String memoryLimit;
    private String codePage;

    @DataBoundConstructor
    public WuScriptStep(String file) {
        this.file = Util.fixEmptyAndTrim(file);
    }

    public String getFile() {
        return file;
    }

    public List<String> getArgs() {
        return new ArrayList<>(args);
    }

    public List<String> getAllowRead() {
        return new ArrayList<>(allowRead);
    }

    public String getCatalog() {
        return catalog;
    }

    public String getCacheDir() {
        return cacheDir;
    }

    public int getTimeout() {
        return timeout;
    }

    public String getProxyCredentialsId() {
        return proxyCredentialsId;
    }

    public String getLanguage() {
        return language;
    }

    public boolean isIncludeSuperseded() {
        return includeSuperseded;
    }

    public String getTestOnlyTrustRoot() {
        return testOnlyTrustRoot;
    }

    public String getMemoryLimit() {
        return memoryLimit;
    }

    public String getCodePage() {
        return codePage;
    }

    /**
     * The ANSI code page of a script file that is neither UTF-16 (with a byte-order mark) nor UTF-8: a Windows
     * number such as 932 or 1251, or a charset name; empty means 1252, as on a Western European Windows.
     */
    @DataBoundSetter
    public void setCodePage(String v) {
        codePage = Util.fixEmptyAndTrim(v);
    }

    /** The most memory the script may fill, e.g. 512m or 2g; empty means 1g. */
    @DataBoundSetter
    public void setMemoryLimit(String v) {
        memoryLimit = Util.fixEmptyAndTrim(v);
    }

    /** An offline scan file's titles and descriptions in this language (e.g. de); empty means each update's own. */
    @DataBoundSetter
    public void setLanguage(String v) {
        language = Util.fixEmptyAndTrim(v);
    }
    /** Whether searches of an offline scan file list its superseded updates too (left out by default). */
    @DataBoundSetter
    public void setIncludeSuperseded(boolean v) {
        includeSuperseded = v;
    }
    /** For tests only: a PEM root certificate also trusted to sign offline scan files. */
    @DataBoundSetter
    public void setTestOnlyTrustRoot(String v) {
        testOnlyTrustRoot = Util.fixEmptyAndTrim(v);
    }

    /** The script's arguments ({@code WScript.Arguments}); null means none. */
    @DataBoundSetter
    public void setArgs(List<String> v) {
        args = v == null ? new ArrayList<>() : new ArrayList<>(v);
    }
    /** Folders besides the workspace whose catalogs the script may register; null means none. */
    @DataBoundSetter
    public void setAllowRead(List<String> v) {
        allowRead = v == null ? new ArrayList<>() : new ArrayList<>(v);
    }
    /** A catalog the script's session searches by default; empty means none. */
    @DataBoundSetter
    public void setCatalog(String v) {
        catalog = Util.fixEmptyAndTrim(v);
    }

    @DataBoundSetter
    public void setCacheDir(String v) {
        cacheDir = Util.fixEmptyAndTrim(v);
    }
    /** Seconds the script may run; 0 means no limit. */
    @DataBoundSetter
    public void setTimeout(int v) {
        timeout = v;
    }

    @DataBoundSetter
    public void setProxyCredentialsId(String v) {
        proxyCredentialsId = Util.fixEmptyAndTrim(v);
    }

    /** The arguments one per line, for the form's text area (not a property: pipelines use {@code args}). */
    public String getArgsText() {
        return StepOptions.argsToLines(args);
    }

    /** The extra readable folders one per line, for the form's text area. */
    public String getAllowReadText() {
        return StepOptions.argsToLines(allowRead);
    }

    StepOptions options() {
        return StepOptions.script(file)
                .args(args)
                .allowRead(allowRead)
                .catalog(catalog)
                .cacheDir(cacheDir)
                .timeout(timeout == 0 ? null : timeout)
                .language(language)
                .includeSuperseded(includeSuperseded)
                .testOnlyTrustRoot(testOnlyTrustRoot)
                .memoryLimit(memoryLimit)
                .codePage(codePage)
                .build();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new WuStepExecution(context, options(), proxyCredentialsId);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "wuScript";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WuScriptStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, TaskListener.class, EnvVars.class, Run.class);
        }

        /**
         * The form sends {@code args} and {@code allowRead} as text areas' text; the step takes lists: one
         * entry per line. Pipelines and the Snippet Generator's output use the list form,
         * {@code args: ['--edition', 'pro']}.
         */
        @Override
        public Step newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            for (String list : List.of("args", "allowRead")) {
                if (formData.opt(list) instanceof String text) {
                    formData.put(list, JSONArray.fromObject(StepOptions.argsFromLines(text)));
                }
            }
            return super.newInstance(req, formData);
        }

        public FormValidation doCheckFile(@QueryParameter String value) {
            return WuDownloadStep.DescriptorImpl.check(StepOptions.checkScriptFile(value));
        }

        public FormValidation doCheckMemoryLimit(@QueryParameter String value) {
            return WuDownloadStep.DescriptorImpl.check(StepOptions.checkMemoryLimit(value));
        }

        public FormValidation doCheckCodePage(@QueryParameter String value) {
            return WuDownloadStep.DescriptorImpl.check(StepOptions.checkCodePage(value));
        }

        public FormValidation doCheckLanguage(@QueryParameter String value) {
            return WuDownloadStep.DescriptorImpl.check(StepOptions.checkLanguage(value));
        }

        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return WuDownloadStep.DescriptorImpl.check(
                    "0".equals(Util.fixEmptyAndTrim(value)) ? null : StepOptions.checkSeconds("timeout", value));
        }

        @POST
        public ListBoxModel doFillProxyCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String proxyCredentialsId) {
            return WuDownloadStep.DescriptorImpl.credentialItems(item, proxyCredentialsId);
        }
    }
}
