package org.swiftft.policy.internal;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Rejects, at compile time, the calls that would take the whole runtime down with a policy:
 * {@code System.exit}, {@code Runtime.getRuntime().exit} and {@code halt} (also written
 * {@code Runtime.runtime.halt}). Scripts are trusted code;
 * this guards against accidents, not against malice (a call reached through reflection or a
 * variable still compiles).
 */
final class ExitCallGuard extends CompilationCustomizer {

    ExitCallGuard() {
        super(CompilePhase.SEMANTIC_ANALYSIS);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new Visitor(source).visitClass(classNode);
    }

    private static final class Visitor extends ClassCodeVisitorSupport {
        private final SourceUnit source;

        Visitor(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String method = call.getMethodAsString();
            Expression receiver = call.getObjectExpression();
            if ("exit".equals(method) && isClass(receiver, "java.lang.System")) {
                reject(call, "System.exit");
            } else if (("exit".equals(method) || "halt".equals(method)) && isRuntime(receiver)) {
                reject(call, "Runtime." + method);
            }
            super.visitMethodCallExpression(call);
        }

        @Override
        public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
            if ("exit".equals(call.getMethod()) && "java.lang.System".equals(call.getOwnerType().getName())) {
                reject(call, "System.exit");
            }
            super.visitStaticMethodCallExpression(call);
        }

        private void reject(Expression call, String what) {
            addError(what + " is not allowed in a policy script: it would stop the whole runtime."
                    + " Return a decision instead (for example RestartDecision.stop(...)).", call);
        }

        /** {@code Runtime.getRuntime()}, Groovy's property form {@code Runtime.runtime}, or a Runtime-typed value. */
        private static boolean isRuntime(Expression receiver) {
            if (isClass(receiver, "java.lang.Runtime")) {
                return true;
            }
            if (receiver instanceof MethodCallExpression inner) {
                return "getRuntime".equals(inner.getMethodAsString())
                        && isClass(inner.getObjectExpression(), "java.lang.Runtime");
            }
            if (receiver instanceof PropertyExpression property) {
                return "runtime".equals(property.getPropertyAsString())
                        && isClass(property.getObjectExpression(), "java.lang.Runtime");
            }
            return "java.lang.Runtime".equals(receiver.getType().getName());
        }

        private static boolean isClass(Expression expression, String className) {
            return expression instanceof ClassExpression
                    && className.equals(expression.getType().getName());
        }
    }
}
