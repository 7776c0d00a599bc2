// The one part of jstat (no bundled types) that Parley uses.
declare module "jstat" {
  const jstat: {
    readonly studentt: {
      /** The quantile (inverse CDF) of Student's t with `dof` degrees of freedom. */
      inv(p: number, dof: number): number;
    };
  };
  export default jstat;
}
