// node-gyp-build ships no types: it loads prebuilds/<platform>-<arch>/*.node
// when one fits this process, else build/Release (or build/Debug).
declare module 'node-gyp-build' {
  function load(packageRoot: string): unknown;
  export default load;
}
