let t = performance.now();
const g = await import('../src/deck/figures/geo.ts');
console.log('import', Math.round(performance.now() - t)); t = performance.now();
g.world(10); console.log('world10', Math.round(performance.now() - t)); t = performance.now();
g.world(3); console.log('world3', Math.round(performance.now() - t)); t = performance.now();
g.world(10); console.log('world10 again', Math.round(performance.now() - t));
