package dev.tokenvault.connect;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The pages the connect flow shows a browser (src/main/resources/templates/connect), type-checked at build time. */
@CheckedTemplate(basePath = "connect")
public class ConnectPages {

    /** The outcome of a flow, for the person in front of the browser. */
    public static native TemplateInstance message(String title, String message, String linkHref, String linkText);

    /** The page behind a connect link: who asks for which account, and a button to go on. */
    public static native TemplateInstance session(String project, String provider, String action, String nonce);

    /** A page that moves the browser on to a path of ours (a same-site navigation; see ConnectResource). */
    public static native TemplateInstance redirect(String target);
}
