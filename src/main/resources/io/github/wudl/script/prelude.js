// wudl's prelude: evaluated in every script's context before the script, with the host bridge as its
// argument. It adds what WSH's JScript has and GraalJS lacks (Enumerator), hands the host a few helpers, and
// removes the globals the sandbox does not offer (Java interop, file loading, shell builtins).
(function (host) {
    var g = globalThis;
    // the intrinsics the host relies on, taken now: a script may replace the globals (Error = …,
    // String = null), and must then still get real errors and displays, never wudl's internals
    var NativeError = Error, NativeString = String, NativePromise = Promise;

    // A WUA failure as JScript shows it: number is the HRESULT as a signed 32-bit integer, description and
    // message both carry the text (which starts with the symbolic name).
    function makeError(number, message, name) {
        var e = new NativeError(message);
        e.number = number;
        e.description = message;
        e.hresultName = name;
        return e;
    }

    function display(value) {
        return NativeString(value);
    }

    function promiseOf(thenable) {
        return new NativePromise(function (resolve, reject) {
            thenable.then(resolve, reject);
        });
    }

    // JScript's Enumerator, over WUA collections (Count/Item), WScript.Arguments and plain arrays.
    function Enumerator(collection) {
        if (!(this instanceof Enumerator)) {
            return new Enumerator(collection);
        }
        var index = 0;
        function size() {
            if (collection == null) {
                return 0;
            }
            var n = collection.length;
            if (typeof n !== "number") {
                n = collection.Count;
            }
            if (typeof n === "function") {
                n = collection.Count();
            }
            return typeof n === "number" ? n : 0;
        }
        this.atEnd = function () { return index >= size(); };
        this.moveNext = function () { if (index < size()) { index++; } };
        this.moveFirst = function () { index = 0; };
        this.item = function () {
            if (index >= size()) {
                return undefined;
            }
            return typeof collection.Item === "function" ? collection.Item(index) : collection[index];
        };
    }

    var graal = g.Graal;
    if (graal && typeof graal.setUnhandledPromiseRejectionHandler === "function") {
        graal.setUnhandledPromiseRejectionHandler(function (reason) {
            var text;
            try {
                text = reason instanceof NativeError && reason.stack ? NativeString(reason.stack)
                        : NativeString(reason);
            } catch (e) {
                text = "(a value that cannot be shown)";
            }
            host.unhandledRejection(text);
        });
    }

    ["Java", "Packages", "java", "javax", "javafx", "com", "org", "edu", "net", "Polyglot", "Graal", "load",
     "loadWithNewGlobal", "print", "printErr", "quit", "exit", "read", "readline", "readbuffer", "readFile",
     "arguments"].forEach(function (name) {
        try {
            delete g[name];
        } catch (ignored) {
            // non-configurable: left as is (none of these is expected to be)
        }
    });
    g.Enumerator = Enumerator;

    // names a host object must not claim: JavaScript finds them on Object.prototype and Array.prototype (join
    // for String(collection), hasOwnProperty …), or probes for them (then for await, toJSON, inspect)
    var builtins = Object.getOwnPropertyNames(Object.prototype)
        .concat(Object.getOwnPropertyNames(Array.prototype))
        .concat(["then", "toJSON", "inspect", "nodeType", "$$typeof", "asymmetricMatch", "prototype"]);

    return { makeError: makeError, display: display, promiseOf: promiseOf, undefined: undefined,
        builtins: builtins };
})
