namespace App.Documents;

public static class PageMap
{
    public static int PageAt(IReadOnlyList<PageSpan> pages, int offset)
    {
        if (pages.Count == 0)
        {
            return 1;
        }

        // Pages are sorted and contiguous; a binary search keeps citation lookups cheap on long PDFs.
        int low = 0, high = pages.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (pages[mid].Start <= offset)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return pages[low].Page;
    }
}
